using System.CommandLine;
using PolicyRules.Cli.Generation;
using PolicyRules.Input;
using PolicyRules.Records;

namespace PolicyRules.Cli;

/// <summary><c>policyrules generate</c>: seeded synthetic enterprises, so anyone can reproduce samples and figures.</summary>
internal static class GenerateCommand
{
    public const int DefaultSeed = 20230609;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var count = new Option<int>("--count") { Description = "How many enterprises. / 企业数量", Required = true };
        var output = new Option<string>("--output") { Description = "File to write: CSV, Parquet for .parquet, Excel for .xlsx. / 输出文件（CSV、.parquet 或 .xlsx）", Required = true };
        var seed = new Option<int>("--seed") { Description = $"Random seed (default {DefaultSeed}, the plan's issue date). / 随机种子（默认 {DefaultSeed}，即规划印发日期）", DefaultValueFactory = _ => DefaultSeed };
        var persons = new Option<bool>("--persons") { Description = "Write person profiles (for YoungTalentLeader) instead of enterprises. / 生成人才画像（用于 YoungTalentLeader）而非企业" };
        var record = new Option<string>("--record") { Description = "Write records of this kind, as the rules folder's *.record.json declares it (each field drawn from its kind and range); with --rules and no --record, enterprises get the fields of the folder's extensions too. / 按规则目录中 *.record.json 的声明生成该类型的记录（各字段按其类型与取值范围生成）；指定 --rules 而未指定 --record 时，企业记录也包含该目录扩展的字段" };
        var rules = PolicyRulesCli.RulesOption();
        var command = new Command("generate", "Write synthetic enterprise (or person, or declared) records (seeded, reproducible). / 生成合成企业（或人才、声明类型）数据。") { count, output, seed, persons, record, rules };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(count);
            if (n < 0)
            {
                stderr.WriteLine("--count must be 0 or more. / --count 须为 0 或以上。");
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

            if (parse.GetValue(record) is not null || PolicyRulesCli.GetRules(parse, rules) is not null)
            {
                return Declared(parse.GetValue(record) ?? RecordKinds.Enterprise, PolicyRulesCli.GetRules(parse, rules), n, parse.GetValue(seed), path, stdout, stderr);
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

    private static int Declared(string kind, string[]? rules, int count, int seed, string path, TextWriter stdout, TextWriter stderr)
    {
        if (PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        if (!engine.Records.TryGetValue(kind, out var schema))
        {
            var suggestion = Rules.Suggest.Closest(kind, engine.Records.Keys);
            stderr.WriteLine($"No record kind '{kind}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Kinds: {string.Join(", ", engine.Records.Keys.Order(StringComparer.Ordinal))}. / 没有记录类型 '{kind}'{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")}。可用类型：{string.Join("、", engine.Records.Keys.Order(StringComparer.Ordinal))}。");
            return ExitCodes.BadInput;
        }

        var records = schema == Model.RecordSchema.Enterprise ? SyntheticProfiles.Generate(count, seed)
            : schema == Model.RecordSchema.Person ? SyntheticPersons.Generate(count, seed)
            : schema.Extends == Model.RecordSchema.Enterprise ? SyntheticRecords.Extend(schema, SyntheticProfiles.Generate(count, seed), seed)
            : SyntheticRecords.Generate(schema, count, seed);
        var written = path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ProfileXlsxWriter.WriteRecords(path, records, schema)
            : path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && schema == Model.RecordSchema.Enterprise ? ProfileParquetWriter.Write(path, records.Cast<Model.EnterpriseProfile>())
            : path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? -1
            : ProfileCsvWriter.WriteRecords(path, records, schema);
        if (written < 0)
        {
            stderr.WriteLine($"{kind} records are written as CSV or .xlsx. / {kind} 记录仅支持 CSV 或 .xlsx。");
            return ExitCodes.BadInput;
        }

        stdout.WriteLine($"写出 {written} 条 {kind} 记录 / Wrote {written} {kind} records: {path}");
        return ExitCodes.Ok;
    }
}
