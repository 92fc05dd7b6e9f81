using System.Text;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Tests.Cli;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 10: a JSON profile has a size limit (1 MiB) with a clear message; a huge or
/// endless file is an error, never an OutOfMemoryException.
/// </summary>
public sealed class JsonProfileSizeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly System.Text.Json.JsonSerializerOptions Camel = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static byte[] Padded(int size)
    {
        var json = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(TestProfiles.Baseline(), Camel));
        var padded = new byte[size];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_profile_of_1_MiB_is_read_and_one_byte_more_is_refused(int over)
    {
        Assert.Equal(1024 * 1024, ProfileJsonReader.MaxFileBytes);
        var path = Path.Combine(_dir, "p.json");
        File.WriteAllBytes(path, Padded(ProfileJsonReader.MaxFileBytes + over));
        if (over == 0)
        {
            Assert.Equal(TestProfiles.Baseline().Id, ProfileJsonReader.ReadFile(path, FieldSet.Empty).Id);
            return;
        }

        var ex = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.ReadFile(path, FieldSet.Empty));
        Assert.Contains("1,048,577 bytes; the limit is 1,048,576", Assert.Single(ex.Errors).Reason, StringComparison.Ordinal);
        Assert.Throws<ProfileInputException>(() => ProfileJsonReader.Read("mem.json", File.ReadAllBytes(path), FieldSet.Empty));
    }

    [Fact]
    public void An_endless_file_is_refused_at_the_limit_not_read_to_exhaustion()
    {
        // /dev/zero reports a length of 0 and never ends: the shape that ran out of memory.
        if (OperatingSystem.IsWindows())
        {
            return; // no /dev/zero; the bounded read is the same code the size test runs
        }

        var ex = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.ReadFile("/dev/zero", FieldSet.Empty));
        Assert.Contains("larger than the limit of 1,048,576 bytes", Assert.Single(ex.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_reports_a_huge_profile_with_exit_2()
    {
        var path = Path.Combine(_dir, "huge.json");
        File.WriteAllBytes(path, Padded(8 * 1024 * 1024));
        var (exit, _, stderr) = Cli.Cli.Run("evaluate", "--programme", "SmeSize", "--profile", path, "--as-of", "2025-06-30");
        Assert.Equal(2, exit);
        Assert.Contains("the limit is 1,048,576", stderr, StringComparison.Ordinal);
        Assert.Contains("超过上限", stderr, StringComparison.Ordinal);
    }

    /// <summary>Any size around and far past the limit: read whole below it, refused above it, never anything else.</summary>
    [Fact]
    public void Every_size_is_read_or_refused_by_the_limit()
    {
        var path = Path.Combine(_dir, "sized.json");
        Gen.OneOf(Gen.Int[4096, 8192], Gen.Int[ProfileJsonReader.MaxFileBytes - 8, ProfileJsonReader.MaxFileBytes + 8], Gen.Int[2 * 1024 * 1024, 3 * 1024 * 1024]).Sample(size =>
        {
            File.WriteAllBytes(path, Padded(size));
            if (size <= ProfileJsonReader.MaxFileBytes)
            {
                Assert.NotNull(ProfileJsonReader.ReadFile(path, FieldSet.Empty));
            }
            else
            {
                Assert.Throws<ProfileInputException>(() => ProfileJsonReader.ReadFile(path, FieldSet.Empty));
            }
        }, iter: 40, threads: 1);
    }
}
