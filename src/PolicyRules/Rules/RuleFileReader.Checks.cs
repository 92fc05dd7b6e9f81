using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace PolicyRules.Rules;

public static partial class RuleFileReader
{
    private sealed partial class Context
    {
        private void CheckLambda(JsonSourceNode node)
        {
            if (node.Kind != JsonValueKind.String || node.StringValue != "LambdaExpression")
            {
                Error(DiagnosticIds.SchemaViolation, node, "Only \"RuleExpressionType\": \"LambdaExpression\" is supported. / 仅支持 \"RuleExpressionType\": \"LambdaExpression\"。");
            }
        }

        private void CheckKeys(JsonSourceNode node, string[] allowed, Noun what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (!seen.Add(property.Name))
                {
                    Report(DiagnosticIds.SchemaViolation, DiagnosticSeverity.Error, property.NameStart, property.NameEnd,
                        $"\"{property.Name}\" appears twice in this {what.En}. / 属性 \"{property.Name}\" 在此{what.Zh}中重复出现。");
                }
                else if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    var message = Suggest.UnknownProperty(property.Name, allowed, what with { En = "a " + what.En }, out var suggestion);
                    if (suggestion is not null)
                    {
                        _misspelt.Add((node, suggestion));
                    }

                    Report(DiagnosticIds.SchemaViolation, DiagnosticSeverity.Error, property.NameStart, property.NameEnd, message);
                }
            }
        }

        private string? RequiredString(JsonSourceNode node, string name, bool required = true)
        {
            var property = node.Property(name);
            if (property is null)
            {
                if (required && !IsMisspelt(node, name))
                {
                    Error(DiagnosticIds.SchemaViolation, node, $"\"{name}\" is missing. / 缺少 \"{name}\"。");
                }

                return null;
            }

            if (property.Value.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.StringValue))
            {
                Error(DiagnosticIds.SchemaViolation, property.Value, $"\"{name}\" must be a non-empty string, not {property.Value.Describe()}. / \"{name}\" 应为非空字符串，而不是{property.Value.DescribeZh()}。");
                return null;
            }

            return property.Value.StringValue;
        }

        private bool ReadFlag(JsonSourceNode? node, string name)
        {
            if (node is null)
            {
                return false;
            }

            if (node.Kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"{name}\" must be true or false, not {node.Describe()}. / \"{name}\" 应为 true 或 false，而不是{node.DescribeZh()}。");
                return false;
            }

            return node.BoolValue;
        }

        private string? OptionalString(JsonSourceNode node, string name) =>
            node.Property(name) is null ? null : RequiredString(node, name);

        private bool ExpectObject(JsonSourceNode node, Noun what)
        {
            if (node.Kind == JsonValueKind.Object)
            {
                return true;
            }

            Error(DiagnosticIds.SchemaViolation, node, $"A {what.En} must be an object, not {node.Describe()}. / {what.Zh}应为对象，而不是{node.DescribeZh()}。");
            return false;
        }

        private bool ExpectArray(JsonSourceNode node, Noun what)
        {
            if (node.Kind == JsonValueKind.Array)
            {
                return true;
            }

            Error(DiagnosticIds.SchemaViolation, node, $"{what.En} must be an array, not {node.Describe()}. / {what.Zh}应为数组，而不是{node.DescribeZh()}。");
            return false;
        }

        private static readonly JsonSourceNode EmptyObject = JsonSourceNode.Parse("{}"u8.ToArray());
    }
}
