using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Input;

namespace PolicyRules.Cli;

/// <summary><c>policyrules evaluate</c>: one enterprise, one programme, the full explanation.</summary>
internal static class EvaluateCommand
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var program = Vocabulary.Programme();
        var input = new Option<string>("--profile", "--input") { Description = "Profile JSON file: an enterprise, or a person for person-level programmes (or a record of the programme's declared kind). / 企业（或人才、声明类型记录）画像 JSON 文件", Required = true };
        var format = new Option<string>("--format") { Description = "text or json. / 输出格式", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var asOf = PolicyRulesCli.AsOfOption();
        var rules = PolicyRulesCli.RulesOption();
        var command = new Command("evaluate", "Evaluate one enterprise (or person) against one programme and explain every criterion. / 评估单个企业（或人才）并逐项说明。")
        {
            program, input, asOf, format, rules,
        };
        command.SetAction(parse =>
        {
            Vocabulary.HintSpelling(parse, program, stderr);
            Vocabulary.HintSpelling(parse, input, stderr);
            return Run(parse.GetValue(program)!, parse.GetValue(input)!, parse.GetValue(asOf), parse.GetValue(format)!, PolicyRulesCli.GetRules(parse, rules), stdout, stderr);
        });
        return command;
    }

    private static int Run(string programme, string input, string? asOfText, string format, string[]? rules, TextWriter stdout, TextWriter stderr)
    {
        if (!PolicyRulesCli.TryParseAsOf(asOfText, stderr, out var asOf) || PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        return PolicyRulesCli.ReportingInputErrors(stderr, () =>
        {
            var compiled = engine.GetProgramme(programme, asOf);
            var record = ProfileJsonReader.ReadFile(input, compiled.Schema, compiled.FieldsRead(asOf));
            var result = compiled.EvaluateRecord(record, asOf);
            stdout.Write(format == "json" ? JsonSerializer.Serialize(result, Json) + Environment.NewLine : ExplanationText.Render(result));
            return ExitCodes.Ok;
        });
    }
}
