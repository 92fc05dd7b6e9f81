using System.Collections.Immutable;
using System.Text.Json;
using PolicyRules.Rules;

namespace PolicyRules.Simulation;

/// <summary>
/// Reads a reform file (<c>*.reform.json</c>, shape in <c>rules/policyrules-reform.schema.json</c> and
/// docs/simulation.md) and checks it against the baseline rule set: an unknown programme, parameter
/// or criterion, a change named twice, or a change with neither or both of an expression and
/// <c>Disable</c> — each at its line and column. The new expressions are checked when the reform is
/// applied (<see cref="Reform.Apply"/>), as every rule expression is, and reported in this file.
/// </summary>
public static class ReformFileReader
{
    /// <summary>Reads and checks a reform file.</summary>
    /// <exception cref="RuleLoadException">The file is unreadable, not JSON, or has errors; every error is listed with line and column.</exception>
    public static Reform Read(string path, PolicyEngine baseline)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(baseline);
        var (source, root) = JsonDocumentChecker.Load(path, "reform file", "改革方案文件");
        var checker = new Checker(source, baseline);
        var reform = checker.File(root);
        if (checker.Diagnostics.Count > 0 || reform is null)
        {
            throw new RuleLoadException(checker.Diagnostics);
        }

        return reform;
    }

    private sealed class Checker(SourceText source, PolicyEngine baseline) : JsonDocumentChecker(source)
    {
        private static readonly string[] FileKeys = ["$schema", "Name", "TitleZh", "TitleEn", "RationaleZh", "RationaleEn", "Changes"];
        private static readonly string[] ChangeKeys = ["Programme", "Parameter", "Criterion", "Output", "Expression", "Disable", "Cap", "Floor", "Rounding"];

        public Reform? File(JsonSourceNode root)
        {
            if (!Object(root, FileKeys, new("a reform file", "改革方案文件")))
            {
                return null;
            }

            var name = RequiredString(root, "Name");
            var titleZh = RequiredString(root, "TitleZh");
            var titleEn = RequiredString(root, "TitleEn");
            var rationaleZh = RequiredString(root, "RationaleZh");
            var rationaleEn = RequiredString(root, "RationaleEn");
            var changes = ImmutableArray.CreateBuilder<ReformChange>();
            var seen = new Dictionary<(string, string), int>();
            if (Required(root, "Changes") is { } list)
            {
                if (list.Kind != JsonValueKind.Array || list.Items.Count == 0)
                {
                    Error(DiagnosticIds.SchemaViolation, list, "\"Changes\" must be a non-empty array of changes / \"Changes\" 须为非空数组");
                }
                else
                {
                    foreach (var item in list.Items)
                    {
                        if (Change(item) is not { } change)
                        {
                            continue;
                        }

                        var key = (change.Programme, change.Parameter ?? (change.Output is { } output ? "output:" + output : "rule:" + change.Criterion));
                        if (seen.TryGetValue(key, out var firstLine))
                        {
                            Error(DiagnosticIds.SchemaViolation, item,
                                $"{change.Programme} {change.Parameter ?? change.Output ?? change.Criterion} is changed twice (first at line {firstLine}): one change each / {change.Programme} {change.Parameter ?? change.Output ?? change.Criterion} 被修改两次（首次见第 {firstLine} 行）：每项只能修改一次");
                        }
                        else
                        {
                            seen[key] = change.Location.Line;
                            changes.Add(change);
                        }
                    }
                }
            }

            return name is null || titleZh is null || titleEn is null || rationaleZh is null || rationaleEn is null || Diagnostics.Count > 0
                ? null
                : new Reform
                {
                    Path = Source.Path,
                    Name = name,
                    Title = new BilingualText(titleZh, titleEn),
                    Rationale = new BilingualText(rationaleZh, rationaleEn),
                    Changes = changes.ToImmutable(),
                };
        }

        private ReformChange? Change(JsonSourceNode node)
        {
            if (!Object(node, ChangeKeys, new("a change", "改动（Changes 的一项）")))
            {
                return null;
            }

            var errors = Diagnostics.Count;
            var programme = RequiredString(node, "Programme");
            var parameter = node.Property("Parameter") is null ? null : RequiredString(node, "Parameter");
            var criterion = node.Property("Criterion") is null ? null : RequiredString(node, "Criterion");
            var output = node.Property("Output") is null ? null : RequiredString(node, "Output");
            var expression = node.Property("Expression")?.Value;
            var disable = Boolean(node, "Disable");
            if (Diagnostics.Count > errors || programme is null)
            {
                return null;
            }

            if (new[] { parameter, criterion, output }.Count(n => n is not null) != 1)
            {
                Error(DiagnosticIds.SchemaViolation, node, "A change names one of \"Parameter\", \"Criterion\" or \"Output\" / 每项修改须指明 Parameter、Criterion 或 Output 之一");
                return null;
            }

            if (output is not null)
            {
                return OutputChange(node, programme, output, expression, disable);
            }

            if ((node.Property("Cap") ?? node.Property("Floor") ?? node.Property("Rounding")) is { } setting)
            {
                Error(DiagnosticIds.SchemaViolation, setting.Value, $"\"{setting.Name}\" changes a declared output: name it with \"Output\" / {setting.Name} 仅用于修改输出项，请用 Output 指明");
                return null;
            }

            if ((expression is null) == !disable || (disable && parameter is not null))
            {
                Error(DiagnosticIds.SchemaViolation, node, parameter is not null
                    ? "A parameter change gives the new \"Expression\" / 参数修改须给出新的 Expression"
                    : "A criterion change gives either a new \"Expression\" or \"Disable\": true / 条件修改须给出新的 Expression 或 \"Disable\": true");
                return null;
            }

            if (expression is not null && (expression.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(expression.StringValue)))
            {
                Error(DiagnosticIds.SchemaViolation, expression, $"\"Expression\" must be a non-empty string, not {expression.Describe()} / \"Expression\" 须为非空字符串，而不是{expression.DescribeZh()}");
                return null;
            }

            if (!baseline.Programmes.Contains(programme, StringComparer.Ordinal))
            {
                var suggestion = Suggest.Closest(programme, baseline.Programmes);
                Error(DiagnosticIds.UnknownProgrammeReference, node.Property("Programme")!.Value,
                    $"Unknown programme \"{programme}\"{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} / 未知项目 \"{programme}\"{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}");
                return null;
            }

            var versions = baseline.GetVersions(programme).Select(p => p.Definition).ToList();
            var (what, whatZh, known) = parameter is not null
                ? ("parameter", "参数", versions.SelectMany(d => d.Params.Select(p => p.Name)).Distinct(StringComparer.Ordinal).ToList())
                : ("criterion", "条件", versions.SelectMany(d => d.Rules.Select(r => r.Name)).Distinct(StringComparer.Ordinal).ToList());
            var target = parameter ?? criterion!;
            if (!known.Contains(target, StringComparer.Ordinal))
            {
                var suggestion = Suggest.Closest(target, known);
                Error(parameter is not null ? DiagnosticIds.UnknownParameter : DiagnosticIds.UnknownMember, node.Property(parameter is not null ? "Parameter" : "Criterion")!.Value,
                    $"{programme} has no {what} \"{target}\" in any version{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} / {programme} 没有名为 \"{target}\" 的{whatZh}{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}");
                return null;
            }

            var location = Source.Location(node.Start, node.Start + 1);
            return new ReformChange
            {
                Programme = programme,
                Parameter = parameter,
                Criterion = criterion,
                Action = disable ? ReformAction.Disable : ReformAction.Replace,
                Expression = expression is null ? null : new ExpressionSource(expression.StringValue!, Source, expression.Start, expression.End),
                Location = location,
            };
        }

        /// <summary>A change of a declared output: a new expression, cap, floor or rounding (at least one; <c>"Cap": null</c> removes the cap).</summary>
        private ReformChange? OutputChange(JsonSourceNode node, string programme, string output, JsonSourceNode? expression, bool disable)
        {
            var cap = node.Property("Cap")?.Value;
            var floor = node.Property("Floor")?.Value;
            var rounding = node.Property("Rounding")?.Value;
            if (disable || (expression ?? cap ?? floor ?? rounding) is null)
            {
                Error(DiagnosticIds.SchemaViolation, node, "An output change gives a new \"Expression\", \"Cap\", \"Floor\" or \"Rounding\" (an output cannot be disabled) / 输出修改须给出新的 Expression、Cap、Floor 或 Rounding（输出不可取消）");
                return null;
            }

            if (expression is not null && (expression.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(expression.StringValue)))
            {
                Error(DiagnosticIds.SchemaViolation, expression, $"\"Expression\" must be a non-empty string, not {expression.Describe()} / \"Expression\" 须为非空字符串，而不是{expression.DescribeZh()}");
                return null;
            }

            decimal? Bound(JsonSourceNode? value, string name)
            {
                if (value is null || value.Kind == JsonValueKind.Null)
                {
                    return null;
                }

                if (RuleFileReader.TryReadDecimal(value, out var number))
                {
                    return number;
                }

                Error(DiagnosticIds.SchemaViolation, value, RuleFileReader.BeyondDecimal(value, name) ?? $"\"{name}\" must be a number in the output's unit, or null for none, not {value.Describe()} / \"{name}\" 须为按输出单位的数字（或 null 表示取消），而不是{value.DescribeZh()}");
                return null;
            }

            var errors = Diagnostics.Count;
            var newCap = Bound(cap, "Cap");
            var newFloor = Bound(floor, "Floor");
            OutputRounding? newRounding = null;
            if (rounding is not null && !OutputRounding.TryParse(rounding.Kind == JsonValueKind.String ? rounding.StringValue : null, out newRounding))
            {
                Error(DiagnosticIds.SchemaViolation, rounding, $"\"Rounding\" must be \"none\" or \"<mode>-to-<target>\" (<mode> one of {string.Join(", ", OutputRounding.ModeTexts)}; e.g. \"down-to-yuan\") / \"Rounding\" 须为 \"none\" 或 \"<mode>-to-<target>\"（<mode> 为 {string.Join("、", OutputRounding.ModeTexts)}；如 \"down-to-yuan\"）");
            }

            if (Diagnostics.Count > errors || !Known(node, programme, output, "output", "输出", "Output", d => d.Outputs.Select(o => o.Name)))
            {
                return null;
            }

            var settings = cap ?? floor ?? rounding;
            return new ReformChange
            {
                Programme = programme,
                Output = output,
                Action = ReformAction.Replace,
                Expression = expression is null ? null : new ExpressionSource(expression.StringValue!, Source, expression.Start, expression.End),
                Cap = newCap,
                ChangesCap = cap is not null,
                Floor = newFloor,
                ChangesFloor = floor is not null,
                Rounding = newRounding,
                SettingsLocation = settings is null ? null : Source.Location(settings.Start, settings.End),
                Location = Source.Location(node.Start, node.Start + 1),
            };
        }

        /// <summary>Whether some version of <paramref name="programme"/> has <paramref name="name"/>; reports it with "did you mean" when not.</summary>
        private bool Known(JsonSourceNode node, string programme, string name, string what, string whatZh, string key, Func<ProgrammeDefinition, IEnumerable<string>> names)
        {
            if (!baseline.Programmes.Contains(programme, StringComparer.Ordinal))
            {
                var closest = Suggest.Closest(programme, baseline.Programmes);
                Error(DiagnosticIds.UnknownProgrammeReference, node.Property("Programme")!.Value,
                    $"Unknown programme \"{programme}\"{(closest is null ? "" : $"; did you mean \"{closest}\"?")} / 未知项目 \"{programme}\"{(closest is null ? "" : $"，是否应为 \"{closest}\"？")}");
                return false;
            }

            var known = baseline.GetVersions(programme).SelectMany(p => names(p.Definition)).Distinct(StringComparer.Ordinal).ToList();
            if (known.Contains(name, StringComparer.Ordinal))
            {
                return true;
            }

            var suggestion = Suggest.Closest(name, known);
            Error(DiagnosticIds.UnknownMember, node.Property(key)!.Value,
                $"{programme} has no {what} \"{name}\" in any version{(suggestion is null ? known.Count == 0 ? $" (it declares no {what}s)" : "" : $"; did you mean \"{suggestion}\"?")} / {programme} 没有名为 \"{name}\" 的{whatZh}{(suggestion is null ? known.Count == 0 ? $"（它没有声明任何{whatZh}）" : "" : $"，是否应为 \"{suggestion}\"？")}");
            return false;
        }
    }
}
