using System.CommandLine;
using System.Text;
using PolicyRules.Model;
using PolicyRules.RuleTesting;

namespace PolicyRules.Cli;

/// <summary>
/// <c>policyrules schema</c>: the JSON Schema of rule-test files for the record kinds of a rules
/// folder (its declared kinds and extensions with their fields), for editors to check
/// <c>*.tests.json</c> as they are typed; <c>test</c> checks the same things when it runs them.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var rules = PolicyRulesCli.RulesOption(authorFolder: true);
        var output = new Option<string>("--output")
        {
            Description = $"The JSON Schema file to write, such as rules/{RuleTestSchema.FileName} (then \"$schema\": \"./{RuleTestSchema.FileName}\" in each *.tests.json); - writes to standard output. / 输出的 JSON Schema 文件，如 rules/{RuleTestSchema.FileName}（并在各 *.tests.json 中写 \"$schema\": \"./{RuleTestSchema.FileName}\"）；- 为标准输出",
            Required = true,
        };
        var command = new Command("schema", "Write the JSON Schema of rule-test files for the record kinds and fields of the rules. / 按规则目录的记录类型与字段生成规则测试文件的 JSON Schema。") { rules, output };
        command.SetAction(parse => Run(PolicyRulesCli.GetRules(parse, rules) ?? [Vocabulary.AuthorRulesFolder], parse.GetValue(output)!, stdout, stderr));
        return command;
    }

    private static int Run(string[] folders, string output, TextWriter stdout, TextWriter stderr)
    {
        if (PolicyRulesCli.LoadEngine(folders, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        var schema = RuleTestSchema.For(engine);
        if (output == Pipeline.Standard)
        {
            stdout.Write(schema);
            return ExitCodes.Ok;
        }

        if (!PolicyRulesCli.HasKnownExtension(output, stderr, ".json") || !PolicyRulesCli.TryCheckOutputs(stderr, PolicyRulesCli.RuleInputs(folders), [output]))
        {
            return ExitCodes.BadInput;
        }

        // Whole or not at all: written beside the target, then moved over it.
        var full = Path.GetFullPath(output);
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(temporary, schema, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            var said = ForeignMessage.Quoted(ex);
            stderr.WriteLine($"{output}: cannot be written: {said.En} / {output}：写入失败：{said.Zh}");
            return ExitCodes.BadInput;
        }

        var kinds = engine.Records.Keys.Order(StringComparer.Ordinal).ToList();
        stdout.WriteLine($"Wrote {output}: rule-test profiles of {string.Join(", ", kinds)}. / 已写出 {output}：记录类型 {string.Join("、", kinds)} 的规则测试画像。");
        return ExitCodes.Ok;
    }
}
