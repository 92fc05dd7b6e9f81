using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace PolicyRules.Rules;

public static partial class RuleFileReader
{
    private sealed partial class Context
    {
        private ImmutableArray<RuleDefinition> ReadRules(JsonSourceNode node, ImmutableDictionary<string, string> documents)
        {
            if (!ExpectArray(node, new("Rules", "Rules ")))
            {
                return [];
            }

            var rules = ImmutableArray.CreateBuilder<RuleDefinition>();
            foreach (var item in node.Items)
            {
                if (ReadRule(item, documents) is { } rule)
                {
                    rules.Add(rule);
                }
            }

            return rules.ToImmutable();
        }

        private RuleDefinition? ReadRule(JsonSourceNode node, ImmutableDictionary<string, string> documents)
        {
            if (!ExpectObject(node, new("rule", "规则")))
            {
                return null;
            }

            CheckKeys(node, RuleKeys, new("rule", "规则"));
            if (node.Property("Enabled")?.Value is { } enabled)
            {
                if (enabled.Kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Error(DiagnosticIds.SchemaViolation, enabled, $"\"Enabled\" must be true or false, not {enabled.Describe()}. / \"Enabled\" 应为 true 或 false，而不是{enabled.DescribeZh()}。");
                }
                else if (!enabled.BoolValue)
                {
                    return null; // RulesEngine skips disabled rules; so do we.
                }
            }

            if (node.Property("RuleExpressionType") is { } ret)
            {
                CheckLambda(ret.Value);
            }

            var nameNode = node.Property("RuleName")?.Value ?? node;
            if (++_rules > MaxRules)
            {
                if (_rules == MaxRules + 1)
                {
                    Error(DiagnosticIds.SchemaViolation, nameNode, string.Create(CultureInfo.InvariantCulture, $"The workflow has more than {MaxRules:N0} rules (nested ones included): split it into programmes. / 工作流规则（含嵌套规则）超过 {MaxRules:N0} 条，请拆分。"));
                }

                return null; // the rest is not read: the work stays bounded
            }

            var name = RequiredString(node, "RuleName") ?? "";
            CheckName(nameNode, name, "Rule name", "规则名称");
            var expressionNode = node.Property("Expression")?.Value;
            var operatorNode = node.Property("Operator")?.Value;
            var childrenNode = node.Property("Rules")?.Value;
            var op = RuleOperator.None;
            var children = ImmutableArray<RuleDefinition>.Empty;
            ExpressionSource? expression = null;

            if (operatorNode is not null)
            {
                var text = operatorNode.Kind == JsonValueKind.String ? operatorNode.StringValue : null;
                op = text switch
                {
                    "And" or "AndAlso" => RuleOperator.AndAlso,
                    "Or" or "OrElse" => RuleOperator.OrElse,
                    _ => RuleOperator.None,
                };
                if (op == RuleOperator.None)
                {
                    Error(DiagnosticIds.UnknownOperator, operatorNode,
                        $"Unknown Operator {(text is null ? operatorNode.Describe() : $"'{text}'")}: use And, AndAlso, Or or OrElse. / 未知的 Operator {(text is null ? operatorNode.DescribeZh() : $"'{text}'")}：请使用 And、AndAlso、Or 或 OrElse。");
                }

                if (childrenNode is null)
                {
                    Error(DiagnosticIds.SchemaViolation, operatorNode, "A rule with an Operator needs child \"Rules\". / 带 Operator 的规则需要子规则 \"Rules\"。");
                }
                else
                {
                    children = ReadRules(childrenNode, documents);
                    if (children.IsEmpty && childrenNode.Kind == JsonValueKind.Array)
                    {
                        Error(DiagnosticIds.SchemaViolation, childrenNode, "A nested rule needs at least one enabled child rule. / 嵌套规则至少需要一条启用的子规则。");
                    }
                }

                if (expressionNode is not null)
                {
                    Error(DiagnosticIds.SchemaViolation, expressionNode, "A rule has either an Expression or an Operator with child Rules, not both. / 规则不能同时有 Expression 和 Operator。");
                }
            }
            else if (childrenNode is not null)
            {
                Error(DiagnosticIds.SchemaViolation, childrenNode, "Child \"Rules\" need an \"Operator\" (AndAlso or OrElse). / 子规则 \"Rules\" 需要 \"Operator\"（AndAlso 或 OrElse）。");
            }
            else if (expressionNode is null)
            {
                if (!IsMisspelt(node, "Expression"))
                {
                    Error(DiagnosticIds.SchemaViolation, nameNode, $"Rule '{name}' has no \"Expression\". / 规则 '{name}' 缺少 \"Expression\"。");
                }
            }
            else
            {
                expression = ReadExpression(expressionNode, "Expression");
            }

            var properties = node.Property("Properties")?.Value;
            if (properties is null || !ExpectObject(properties, new("Properties", "Properties ")))
            {
                if (properties is null && !IsMisspelt(node, "Properties"))
                {
                    Error(DiagnosticIds.SchemaViolation, nameNode, $"Rule '{name}' has no \"Properties\" (TitleZh, TitleEn, Citation). / 规则 '{name}' 缺少 \"Properties\"（TitleZh、TitleEn、Citation）。");
                }

                properties = EmptyObject;
            }
            else
            {
                CheckKeys(properties, PropertyKeys, new("rule Properties", "规则的 Properties"));
            }

            var citation = ReadCitation(properties.Property("Citation")?.Value, documents);
            if (citation is null && properties.Property("Citation") is null && properties != EmptyObject)
            {
                Report(DiagnosticIds.MissingCitation, DiagnosticSeverity.Warning, nameNode.Start, nameNode.End,
                    $"Rule '{name}' cites no document and article: add Properties.Citation {{\"Document\", \"Article\"}}. / 规则 '{name}' 未注明依据的文件和条款：请添加 Properties.Citation {{\"Document\", \"Article\"}}。");
            }

            var titleZh = RequiredString(properties, "TitleZh", properties != EmptyObject) ?? name;
            var titleEn = RequiredString(properties, "TitleEn", properties != EmptyObject) ?? name;
            var failZh = OptionalString(properties, "FailZh") ?? "不符合：" + titleZh;
            var failEn = OptionalString(properties, "FailEn") ?? OptionalString(node, "ErrorMessage") ?? "Not met: " + titleEn;
            return new RuleDefinition
            {
                Name = name,
                Expression = expression,
                Operator = op,
                Children = children,
                LocalParams = ReadParams(node.Property("LocalParams")?.Value, documents),
                Title = new BilingualText(titleZh, titleEn),
                FailMessage = new BilingualText(failZh, failEn),
                Citation = citation,
                Unit = ReadUnit(properties.Property("Unit")?.Value),
                Status = ReadStatus(properties.Property("Status")?.Value),
                Location = source.Location(nameNode.Start, nameNode.End),
            };
        }

        private ImmutableArray<ParamDefinition> ReadParams(JsonSourceNode? node, ImmutableDictionary<string, string> documents)
        {
            if (node is null || !ExpectArray(node, new("parameters", "参数列表")))
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ParamDefinition>();
            foreach (var item in node.Items)
            {
                if (!ExpectObject(item, new("parameter", "参数")))
                {
                    continue;
                }

                CheckKeys(item, ParamKeys, new("parameter", "参数"));
                if (++_parameters > MaxParameters)
                {
                    if (_parameters == MaxParameters + 1)
                    {
                        Error(DiagnosticIds.SchemaViolation, item, string.Create(CultureInfo.InvariantCulture, $"The workflow has more than {MaxParameters:N0} parameters (GlobalParams and LocalParams together): split it into programmes. / 工作流参数（GlobalParams 与 LocalParams 合计）超过 {MaxParameters:N0} 个，请拆分。"));
                    }

                    break; // the rest is not read: the work stays bounded
                }

                var name = RequiredString(item, "Name");
                CheckName(item.Property("Name")?.Value ?? item, name, "Parameter name", "参数名称");
                var expressionNode = item.Property("Expression")?.Value;
                if (expressionNode is null)
                {
                    Error(DiagnosticIds.SchemaViolation, item, $"Parameter '{name}' has no \"Expression\". / 参数 '{name}' 缺少 \"Expression\"。");
                    continue;
                }

                var expression = ReadExpression(expressionNode, "Expression");
                if (name is null || expression is null)
                {
                    continue;
                }

                var titleZh = OptionalString(item, "TitleZh");
                var titleEn = OptionalString(item, "TitleEn");
                var title = titleZh is null && titleEn is null ? null : new BilingualText(titleZh ?? titleEn!, titleEn ?? titleZh!);
                var nameNode = item.Property("Name")!.Value;
                result.Add(new ParamDefinition(name, expression, title, ReadUnit(item.Property("Unit")?.Value), ReadCitation(item.Property("Citation")?.Value, documents),
                    source.Location(nameNode.Start, nameNode.End)));
            }

            return result.ToImmutable();
        }

        private ExpressionSource? ReadExpression(JsonSourceNode node, string what)
        {
            if (node.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(node.StringValue))
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"{what}\" must be a non-empty string, not {node.Describe()}. / \"{what}\" 应为非空字符串，而不是{node.DescribeZh()}。");
                return null;
            }

            return new ExpressionSource(node.StringValue, source, node.Start, node.End);
        }
    }
}
