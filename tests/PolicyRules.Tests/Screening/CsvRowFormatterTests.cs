using System.Collections.Immutable;
using System.Text;
using CsCheck;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// The CSV rows the evaluating threads format (<see cref="CsvRowFormatter"/>, holes filled by
/// <see cref="CsvRowWriter"/>) are the bytes the Sep-based <see cref="CsvResultSink"/> writes from the
/// same outcomes: for any columns (scores, classes, ranks, outputs at any scale or unrounded), any
/// text (quotes, separators, line ends, formula-like starts, non-ASCII, surrogate pairs), any decimal
/// (negative, zero, negative zero, the largest, 28 places), any failed criteria and ranks.
/// </summary>
public sealed class CsvRowFormatterTests
{
    /// <summary>Characters that matter to CSV, to spreadsheets and to UTF-8.</summary>
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Const("a"), Gen.Const("Z9"), Gen.Const(","), Gen.Const("\""), Gen.Const("\r"), Gen.Const("\n"), Gen.Const("\r\n"),
        Gen.Const(";"), Gen.Const("'"), Gen.Const("="), Gen.Const("+"), Gen.Const("-"), Gen.Const("@"), Gen.Const("\t"),
        Gen.Const("＝"), Gen.Const("中文"), Gen.Const("é"), Gen.Const(" "), Gen.Const("😀"))
        .Array[0, 6].Select(parts => string.Concat(parts));

    private static readonly Gen<decimal> Number = Gen.OneOf(
        Gen.Decimal,
        Gen.OneOf(0m, 0.00m, new decimal(0, 0, 0, true, 3), 1m, -1m, 8.0m, 23.2340m, -0.005m, 1e-28m, -1e-28m,
            decimal.MaxValue, decimal.MinValue, 79228162514264337593543950.335m, 500000.00m, 123456789012345678m),
        Gen.Long.Select(cents => cents / 100m));

    private sealed record Programme(string Name, ImmutableArray<string> Criteria, bool Score, bool Classification, int? SelectTop, ImmutableArray<OutputColumn> Outputs);

    private static readonly Gen<OutputColumn> Output =
        from name in Gen.String[Gen.Char.AlphaNumeric, 1, 6]
        from scale in Gen.Int[-1, 4]
        select scale < 0 ? new OutputColumn("o" + name, OutputColumn.UnroundedScale) { Unrounded = true } : new OutputColumn("o" + name, scale);

    private static readonly Gen<Programme> Programmes =
        from name in Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Text)
        from criteria in Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 1, 10], Text.Where(t => t.Length > 0)).Array[1, 18] // a rule file names every rule
        from score in Gen.Bool
        from classification in Gen.Bool
        from selectTop in Gen.OneOf(Gen.Const((int?)null), Gen.Int[1, 60].Select(t => (int?)t))
        from outputs in Output.Array[0, 3]
        select new Programme("P" + name, [.. criteria], score, classification, selectTop, [.. outputs]);

    private sealed record Outcome(bool[] Failed, decimal? Score, string? Classification, int? Rank, decimal?[] Outputs);

    private static Gen<Outcome> OutcomeOf(Programme p) =>
        from failed in Gen.Bool.Array[p.Criteria.Length]
        from score in Gen.OneOf(Gen.Const((decimal?)null), Number.Select(n => (decimal?)n))
        from classification in Gen.OneOf(Gen.Const((string?)null), Text.Select(t => (string?)t))
        from rank in Gen.OneOf(Gen.Const((int?)null), Gen.Int[1, 100].Select(r => (int?)r))
        from outputs in Gen.OneOf(Gen.Const((decimal?)null), Number.Select(n => (decimal?)n)).Array[p.Outputs.Length]
        select new Outcome(failed, p.Score ? score : null, p.Classification ? classification : null, p.SelectTop is null ? null : rank, outputs);

    private static readonly Gen<(Programme[] Programmes, (string Id, Outcome[] Outcomes)[] Rows, bool Raw)> Runs =
        from programmes in Programmes.Array[1, 4]
        from rows in Gen.Select(Text, All(programmes.Select(OutcomeOf))).Array[0, 12]
        from raw in Gen.Bool
        select (programmes, rows, raw);

    private static Gen<T[]> All<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (all, gen) => from some in all from one in gen select (T[])[.. some, one]);

    [Fact]
    public void Rows_formatted_by_the_workers_are_the_bytes_the_sep_sink_writes()
    {
        Runs.Sample((programmes, rows, raw) =>
        {
            var columns = Columns(programmes);
            Assert.Equal(Convert.ToHexString(ThroughSep(programmes, columns, rows, raw)), Convert.ToHexString(ThroughFormatter(programmes, columns, rows, raw)));
        }, iter: 3000);
    }

    [Fact]
    public void A_lone_surrogate_fails_as_the_sep_sink_fails()
    {
        var programme = new Programme("P", ["A"], false, false, null, []);
        (string, Outcome[])[] rows = [("bad\uD800", [new Outcome([false], null, null, null, [])])];
        var columns = Columns([programme]);
        Assert.ThrowsAny<EncoderFallbackException>(() => ThroughSep([programme], columns, rows, raw: false));
        Assert.ThrowsAny<EncoderFallbackException>(() => ThroughFormatter([programme], columns, rows, raw: false));
    }

    private static ResultColumns[] Columns(Programme[] programmes)
    {
        var offset = 0;
        var columns = new ResultColumns[programmes.Length];
        for (var i = 0; i < programmes.Length; i++)
        {
            var p = programmes[i];
            // Names made unique, as the rule files' checks make them.
            columns[i] = new ResultColumns(p.Name + i, p.Score, p.Classification, p.SelectTop is not null) { Outputs = [.. p.Outputs.Select((o, k) => o with { Name = o.Name + k })], OutputOffset = offset };
            offset += p.Outputs.Length;
        }

        return columns;
    }

    /// <summary>As the run writes a row through a sink: failed names joined, a population-level programme's outputs only when selected.</summary>
    private static byte[] ThroughSep(Programme[] programmes, ResultColumns[] columns, (string Id, Outcome[] Outcomes)[] rows, bool raw)
    {
        var stream = new MemoryStream();
        using (var sink = new CsvResultSink(stream, columns, raw))
        {
            foreach (var (id, outcomes) in rows)
            {
                var names = new StringBuilder();
                var written = new ProgrammeOutcome[programmes.Length];
                var outputs = new List<decimal?>();
                for (var i = 0; i < programmes.Length; i++)
                {
                    var p = programmes[i];
                    var o = outcomes[i];
                    var start = names.Length;
                    names.Append(string.Join(";", p.Criteria.Where((_, rule) => o.Failed[rule])));
                    var selected = o.Rank <= p.SelectTop;
                    written[i] = new ProgrammeOutcome(!o.Failed.Contains(true), o.Score, o.Classification, start, names.Length - start, o.Rank, selected);
                    outputs.AddRange(o.Outputs.Select(v => p.SelectTop is null || selected ? v : null));
                }

                sink.Write(id, written, names.ToString(), [.. outputs]);
            }
        }

        return stream.ToArray();
    }

    private static byte[] ThroughFormatter(Programme[] programmes, ResultColumns[] columns, (string Id, Outcome[] Outcomes)[] rows, bool raw)
    {
        var formatter = new CsvRowFormatter(columns, [.. programmes.Select(p => p.Criteria)], raw);
        var stream = new MemoryStream();
        using (var writer = new CsvRowWriter(stream, formatter, [.. formatter.Ranked.Select(i => programmes[i].SelectTop!.Value)]))
        {
            var screened = new ScreenedRow([.. programmes.Select(p => p.Criteria.Length)], columns, formatter.NewRow());
            var ranks = new int?[formatter.Ranked.Length];
            foreach (var (id, outcomes) in rows)
            {
                for (var i = 0; i < programmes.Length; i++)
                {
                    screened.Failed[i].Load(outcomes[i].Failed);
                    screened.Scores[i] = outcomes[i].Score;
                    screened.Classes[i] = outcomes[i].Classification;
                    outcomes[i].Outputs.CopyTo(screened.Outputs, columns[i].OutputOffset);
                }

                formatter.Format(id, screened, screened.Csv!);
                for (var hole = 0; hole < ranks.Length; hole++)
                {
                    ranks[hole] = outcomes[formatter.Ranked[hole]].Rank;
                }

                writer.Write(screened.Csv!, ranks);
            }
        }

        return stream.ToArray();
    }
}
