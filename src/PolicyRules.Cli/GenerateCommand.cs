using System.CommandLine;
using PolicyRules.Cli.Generation;
using PolicyRules.Input;

namespace PolicyRules.Cli;

/// <summary><c>policyrules generate</c>: seeded synthetic enterprises, so anyone can reproduce samples and figures.</summary>
internal static class GenerateCommand
{
    public const int DefaultSeed = 20230609;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var count = new Option<int>("--count") { Description = "How many enterprises. / 企业数量", Required = true };
        var output = new Option<string>("--output") { Description = "File to write: CSV, Parquet for .parquet, Excel for .xlsx. / 输出文件（CSV、.parquet 或 .xlsx）", Required = true };
        var seed = new Option<int>("--seed") { Description = $"Random seed (default {DefaultSeed}, the plan's issue date). / 随机种子", DefaultValueFactory = _ => DefaultSeed };
        var persons = new Option<bool>("--persons") { Description = "Write person profiles (for YoungTalentLeader) instead of enterprises. / 生成人才画像而非企业" };
        var command = new Command("generate", "Write synthetic enterprise (or person) profiles (seeded, reproducible). / 生成合成企业（或人才）数据。") { count, output, seed, persons };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(count);
            if (n < 0)
            {
                stderr.WriteLine("--count must be 0 or more. / --count 不能为负。");
                return ExitCodes.BadInput;
            }

            var path = parse.GetValue(output)!;
            if (!PolicyRulesCli.HasKnownExtension(path, stderr, ".csv", ".parquet", ".xlsx"))
            {
                return ExitCodes.BadInput;
            }

            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            {
                Directory.CreateDirectory(directory); // as screen does: `--output out/x.xlsx` on a clean clone
            }

            if (parse.GetValue(persons))
            {
                if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                {
                    stderr.WriteLine("Person profiles are written as CSV or .xlsx only. / 人才画像仅支持 CSV 或 .xlsx。");
                    return ExitCodes.BadInput;
                }

                var generated = SyntheticPersons.Generate(n, parse.GetValue(seed));
                var people = path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                    ? ProfileXlsxWriter.WritePersons(path, generated)
                    : ProfileCsvWriter.WritePersons(path, generated);
                stdout.WriteLine($"写出 {people} 名人才 / Wrote {people} persons: {path}");
                return ExitCodes.Ok;
            }

            var profiles = SyntheticProfiles.Generate(n, parse.GetValue(seed));
            var written = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ProfileParquetWriter.Write(path, profiles)
                : path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ProfileXlsxWriter.Write(path, profiles)
                : ProfileCsvWriter.Write(path, profiles);
            stdout.WriteLine($"写出 {written} 家企业 / Wrote {written} enterprises: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
