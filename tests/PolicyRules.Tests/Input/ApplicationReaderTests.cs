using System.Collections.Immutable;
using PolicyRules.Gaps;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Input;

/// <summary>
/// An application's own input format, registered by extension (<see cref="ProfileReadOptions.WithReader"/>)
/// without touching the library: every job that opens inputs through <see cref="ProfileReaders"/> reads it,
/// with its rejects at row and column, and read = written + rejected.
/// </summary>
public sealed class ApplicationReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-reader-").FullName;
    private readonly PolicyEngine _engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Screening_reads_an_application_format_with_rows_in_order_and_rejects_at_row_and_column()
    {
        var input = Write("ids.kv", "A1", "A2", "A3 employees=many", "A4", "A5 employees=");
        ProfileReaderRequest? asked = null;
        var options = new ScreeningOptions
        {
            Input = ProfileReadOptions.Default.WithReader("KV", r => { asked = r; return new KvReader(r.Path); }),
        };
        var output = Path.Combine(_dir, "out.csv");

        var summary = ScreeningJob.Run(input, output, [_engine.GetProgramme("SmeSize", TestProfiles.AsOf)], TestProfiles.AsOf, options: options);

        Assert.Equal(input, asked!.Path);
        Assert.Same(RecordSchema.Enterprise, asked.Schema);
        Assert.Equal((5L, 3L, 2L), (summary.Read, summary.Written, summary.Rejected));
        Assert.Equal(summary.Read, summary.Written + summary.Rejected);
        Assert.Equal(["A1", "A2", "A4"], File.ReadLines(output).Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(["3,3,A3,employees", "5,5,A5,employees"], File.ReadLines(ScreeningJob.RejectsPathFor(output)).Skip(1).Select(l => string.Join(',', l.Split(',').Take(4))));
    }

    [Fact]
    public void The_reserve_pool_and_fail_fast_go_through_the_same_registration()
    {
        var input = Write("ids.kv", "A1", "A2 employees=many");
        var read = ProfileReadOptions.Default.WithReader(".kv", r => new KvReader(r.Path));

        var pool = ReservePool.Run(input, Path.Combine(_dir, "pool.csv"), _engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf), TestProfiles.AsOf, new ReservePoolOptions { Input = read });
        Assert.Equal((2L, 1L), (pool.Read, pool.Rejected));
        Assert.Equal(pool.Read, pool.Eligible + pool.Pooled + pool.TooFar + pool.Rejected);

        var error = Assert.Throws<ProfileInputException>(() => ScreeningJob.Run(input, Path.Combine(_dir, "out.csv"), [_engine.GetProgramme("SmeSize", TestProfiles.AsOf)], TestProfiles.AsOf,
            options: new ScreeningOptions { FailFast = true, Input = read }));
        var first = Assert.Single(error.Errors);
        Assert.Equal((2, "employees"), (first.Row, first.Column));
    }

    [Theory]
    [InlineData("ids.kv", ".kv")]
    [InlineData("ids.csv", "CSV")]
    public void The_duckdb_engine_refuses_a_file_an_application_reader_owns_and_writes_nothing(string name, string extension)
    {
        // Even for .csv: the application's reader decides what the file means, and DuckDB cannot use it.
        var input = Write(name, "A1", "A2");
        var output = Path.Combine(_dir, "out.csv");
        var options = new ScreeningOptions { Input = ProfileReadOptions.Default.WithReader(extension, r => new KvReader(r.Path)) };

        var error = Assert.Throws<ProfileInputException>(() =>
            PolicyRules.DuckDb.DuckDbScreening.Run(input, output, [_engine.GetProgramme("SmeSize", TestProfiles.AsOf)], TestProfiles.AsOf, options: options));

        var reason = Assert.Single(error.Errors).Reason;
        Assert.Contains("--engine dotnet", reason, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(reason));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Without_the_registration_the_extension_is_read_as_the_library_reads_it_and_bad_extensions_are_refused()
    {
        var registered = ProfileReadOptions.Default.WithReader(".kv", r => new KvReader(r.Path));
        Assert.True(registered.Readers.ContainsKey(".KV"));
        Assert.Empty(ProfileReadOptions.Default.Readers); // the defaults are never changed
        Assert.Throws<ArgumentException>(() => ProfileReadOptions.Default.WithReader(".", r => new KvReader(r.Path)));
        Assert.Throws<ArgumentException>(() => ProfileReadOptions.Default.WithReader("a/b", r => new KvReader(r.Path)));
        Assert.Throws<ArgumentException>(() => ProfileReadOptions.Default.WithReader(".tar.gz", r => new KvReader(r.Path)));

        // An .xls workbook, refused by the library, is read when the application brings a reader for it.
        var xls = Write("old.xls", "A1");
        Assert.Throws<ProfileInputException>(() => ProfileReaders.Open(xls, RecordSchema.Enterprise, FieldSet.Empty));
        var summary = ScreeningJob.Run(xls, Path.Combine(_dir, "out.csv"), [_engine.GetProgramme("SmeSize", TestProfiles.AsOf)], TestProfiles.AsOf,
            options: new ScreeningOptions { Input = ProfileReadOptions.Default.WithReader(".xls", r => new KvReader(r.Path)) });
        Assert.Equal((1L, 1L), (summary.Read, summary.Written));
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>
    /// An application's format: one enterprise per line, its id, then optionally <c>employees=N</c>;
    /// the other figures are the test baseline's. An employees value that is no whole number rejects the row.
    /// </summary>
    private sealed class KvReader(string path) : IProfileReader
    {
        public IEnumerable<ProfileRecord> ReadAll()
        {
            var row = 0;
            foreach (var line in File.ReadLines(path))
            {
                row++;
                var parts = line.Split(' ', 2);
                var profile = TestProfiles.Baseline() with { Id = parts[0] };
                if (parts is [_, var cell])
                {
                    var value = cell["employees=".Length..];
                    if (!int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var employees))
                    {
                        yield return new ProfileRecord(row, row, parts[0], null,
                            [new InputError(path, row, row, "employees", $"'{value}' is not a whole number / '{value}' 不是整数")]);
                        continue;
                    }

                    profile = profile with { Employees = employees };
                }

                yield return new ProfileRecord(row, row, parts[0], profile, ImmutableArray<InputError>.Empty);
            }
        }

        public void Dispose()
        {
        }
    }
}
