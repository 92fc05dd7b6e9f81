namespace PolicyRules.Tests.Cli;

/// <summary>
/// A folder named where a command reads a file — the records to screen, the reserve pool, a profile, a
/// reform, the targets — is said to be a folder, in both languages with the path in each, and the
/// command exits 2: not "does not exist", not "access denied". A missing file is still "does not exist".
/// </summary>
public sealed class InputFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-input-folder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");

    public static TheoryData<string> Commands() =>
    [
        "screen --input {in} --output {out}.csv",
        "screen --input {in} --output {out}.csv --engine duckdb",
        "screen --input {sample} --output {out}.csv --targets {in}",
        "gap --programme HighTechEnterprise --input {in} --output {out}.csv",
        "gap --programme HighTechEnterprise --profile {in}",
        "evaluate --programme SmeSize --profile {in}",
        "simulate --reform {in} --input {sample}",
        "simulate --reform {reform} --input {in}",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_folder_where_a_file_is_read_is_named_as_a_folder_in_both_languages(string command)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "records")).FullName;
        var (exit, _, err) = Run(command, folder);

        Assert.True(exit == 2, err);
        // A reader's error names the file in each half; a rule file's diagnostic once, as its location.
        Assert.True(err.Contains($"{folder}: ", StringComparison.Ordinal) && err.Contains($"{folder}：", StringComparison.Ordinal)
            || err.StartsWith($"{folder}(1,1): error ", StringComparison.Ordinal), err);
        Assert.Contains("is a folder, not a file", err, StringComparison.Ordinal);
        Assert.Contains("是文件夹而不是文件", err, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", err, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_missing_file_where_a_file_is_read_is_said_not_to_exist_in_both_languages(string command)
    {
        var missing = Path.Combine(_dir, "no-such-file.csv");
        var (exit, _, err) = Run(command, missing);

        Assert.True(exit == 2, err);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
        Assert.Contains("不存在", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find", err, StringComparison.Ordinal); // the runtime's English, untranslated
    }

    private (int Exit, string Out, string Err) Run(string command, string input)
    {
        var reform = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "reforms", "high-tech-rd-share-minus-one-point.reform.json");
        var args = command.Split(' ')
            .Select(a => a.Replace("{in}", input, StringComparison.Ordinal).Replace("{out}", Path.Combine(_dir, "out"), StringComparison.Ordinal)
                .Replace("{sample}", Sample, StringComparison.Ordinal).Replace("{reform}", reform, StringComparison.Ordinal))
            .Concat(["--rules", TestProfiles.RulesDirectory, "--as-of", "2025-06-30"]);
        return Cli.Run([.. args]);
    }
}
