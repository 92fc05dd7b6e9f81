// Longer than ~400 lines on purpose: one file format checked as strictly as a rule file; its checker reads each section against the rule set in order.
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Targets;

/// <summary>
/// Reads a plan's targets file (<c>*.targets.json</c>, shape in <c>rules/policyrules-targets.schema.json</c>
/// and docs/plan-targets.md) and checks it against a rule set as strictly as a rule file: an unknown
/// key, field or programme, a field of the wrong kind, a value out of range — each at its line and
/// column, every problem at once.
/// </summary>
public static class TargetFileReader
{
    /// <summary>The file-name ending that marks a targets file (the rule loader skips such files).</summary>
    public const string Extension = ".targets.json";

    /// <summary>The targets files of a folder (<c>*.targets.json</c>), in a stable order.</summary>
    public static IReadOnlyList<string> TargetFiles(string directory) =>
        Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal)] : [];

    /// <summary>Reads and checks a targets file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="engine">The rule set the targets are measured with: named programmes must exist in it and read enterprises.</param>
    /// <exception cref="RuleLoadException">The file is unreadable, not JSON, or has errors; every error is listed with line and column.</exception>
    public static TargetSet Read(string path, PolicyEngine engine)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(engine);
        var (source, root) = JsonDocumentChecker.Load(path, "targets file", "目标文件");
        var reader = new Checker(source, engine);
        var set = reader.File(root);
        if (reader.Diagnostics.Count > 0 || set is null)
        {
            throw new RuleLoadException(reader.Diagnostics);
        }

        return set;
    }

    /// <summary>One pass over the tree, collecting every problem.</summary>
    private sealed class Checker(SourceText source, PolicyEngine engine) : JsonDocumentChecker(source)
    {
        private static readonly string[] FileKeys = ["$schema", "Plan", "PlanTitle", "Targets"];
        private static readonly string[] TargetKeys = ["Name", "TitleZh", "TitleEn", "Citation", "Year", "Value", "Approximate", "Metric", "CaveatZh", "CaveatEn"];
        private static readonly string[] CitationKeys = ["Article"];
        private static readonly string[] StatusKeys = ["AnyOf", "Field", "In"];
        private static readonly string[] MetricKinds = ["HoldingStatus", "NewlyRecognised", "MeetingCriteria", "AggregateGrowth"];

        private static readonly Dictionary<string, string[]> MetricKeys = new(StringComparer.Ordinal)
        {
            ["HoldingStatus"] = ["Kind", "Status", "Criteria"],
            ["NewlyRecognised"] = ["Kind", "Status", "YearField", "From", "To", "Criteria"],
            ["MeetingCriteria"] = ["Kind", "Criteria", "Without"],
            ["AggregateGrowth"] = ["Kind", "Population", "Current", "Previous"],
        };

        public TargetSet? File(JsonSourceNode root)
        {
            if (!Object(root, FileKeys, new("a targets file", "目标文件")))
            {
                return null;
            }

            var plan = RequiredString(root, "Plan");
            var planTitle = RequiredString(root, "PlanTitle");
            var targets = ImmutableArray.CreateBuilder<PlanTarget>();
            var names = new Dictionary<string, JsonSourceNode>(StringComparer.OrdinalIgnoreCase);
            if (Required(root, "Targets") is { } list)
            {
                if (list.Kind != JsonValueKind.Array || list.Items.Count == 0)
                {
                    Error(DiagnosticIds.SchemaViolation, list, "\"Targets\" must be a non-empty array of targets / \"Targets\" 须为非空数组");
                }
                else
                {
                    foreach (var item in list.Items)
                    {
                        if (Target(item, plan ?? "", planTitle) is { } target)
                        {
                            var nameNode = item.Property("Name")!.Value;
                            if (names.TryGetValue(target.Name, out var first))
                            {
                                Error(DiagnosticIds.SchemaViolation, nameNode,
                                    $"Target \"{target.Name}\" is defined twice (first at line {Source.Position(first.Start).Line}) / 目标 \"{target.Name}\" 重复定义（首次见第 {Source.Position(first.Start).Line} 行）");
                            }
                            else
                            {
                                names[target.Name] = nameNode;
                                targets.Add(target);
                            }
                        }
                    }
                }
            }

            return plan is null || planTitle is null || Diagnostics.Count > 0
                ? null
                : new TargetSet { Path = Source.Path, Plan = plan, PlanTitle = planTitle, Targets = targets.ToImmutable() };
        }

        private PlanTarget? Target(JsonSourceNode node, string plan, string? planTitle)
        {
            if (!Object(node, TargetKeys, new("a target", "目标")))
            {
                return null;
            }

            var errors = Diagnostics.Count;
            var name = RequiredString(node, "Name");
            var titleZh = RequiredString(node, "TitleZh");
            var titleEn = RequiredString(node, "TitleEn");
            var year = Integer(node, "Year", 2000, 2100);
            var metric = Required(node, "Metric") is { } metricNode ? Metric(metricNode) : null;
            var growth = node.Property("Metric")?.Value.Property("Kind")?.Value.StringValue == "AggregateGrowth";
            var value = Value(node, growth);
            var approximate = Boolean(node, "Approximate");
            var caveatZh = OptionalString(node, "CaveatZh");
            var caveatEn = OptionalString(node, "CaveatEn");
            if ((caveatZh is null) != (caveatEn is null))
            {
                Error(DiagnosticIds.SchemaViolation, node, "A caveat needs both \"CaveatZh\" and \"CaveatEn\" / 说明须同时给出中文（\"CaveatZh\"）与英文（\"CaveatEn\"）");
            }

            string? article = null;
            if (Required(node, "Citation") is { } citation && Object(citation, CitationKeys, new("a citation", "依据（Citation）")))
            {
                article = RequiredString(citation, "Article");
            }

            return Diagnostics.Count > errors || name is null || titleZh is null || titleEn is null || year is null || value is null || metric is null || article is null
                ? null
                : new PlanTarget
                {
                    Name = name,
                    Title = new BilingualText(titleZh, titleEn),
                    Citation = new Citation(plan, article, planTitle),
                    Year = year.Value,
                    Value = value.Value,
                    Approximate = approximate,
                    Metric = metric,
                    Caveat = caveatZh is null || caveatEn is null ? null : new BilingualText(caveatZh, caveatEn),
                };
        }

        private decimal? Value(JsonSourceNode target, bool growth)
        {
            if (Required(target, "Value") is not { } node)
            {
                return null;
            }

            if (node.Kind != JsonValueKind.Number || !decimal.TryParse(node.NumberText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"Value\" must be a number, not {node.Describe()} / \"Value\" 须为数值，而不是{node.DescribeZh()}");
                return null;
            }

            if (growth)
            {
                if (value is <= -1m or >= 1m)
                {
                    Error(DiagnosticIds.SchemaViolation, node,
                        $"A growth target is a fraction (0.10 for 10%), got {node.NumberText} / 增长目标以小数表示（10% 写作 0.10），实为 {node.NumberText}");
                    return null;
                }
            }
            else if (value <= 0 || value != decimal.Truncate(value) || value > int.MaxValue)
            {
                Error(DiagnosticIds.SchemaViolation, node,
                    $"A count target is a whole number of enterprises above 0, got {node.NumberText} / 数量目标须为大于 0 的企业数（整数），实为 {node.NumberText}");
                return null;
            }

            return value;
        }

        private TargetMetric? Metric(JsonSourceNode node)
        {
            if (node.Kind != JsonValueKind.Object)
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"Metric\" must be an object, not {node.Describe()} / \"Metric\" 须为对象，而不是{node.DescribeZh()}");
                return null;
            }

            if (RequiredString(node, "Kind") is not { } kind)
            {
                return null;
            }

            if (!MetricKeys.TryGetValue(kind, out var keys))
            {
                var suggestion = Suggest.Closest(kind, MetricKinds);
                Error(DiagnosticIds.SchemaViolation, node.Property("Kind")!.Value,
                    $"Unknown metric kind \"{kind}\"{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} Kinds: {string.Join(", ", MetricKinds)}. / 未知的指标类型 \"{kind}\"{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}可选：{string.Join("、", MetricKinds)}。");
                return null;
            }

            if (!Object(node, keys, new($"a {kind} metric", $"{kind} 指标")))
            {
                return null;
            }

            var errors = Diagnostics.Count;
            TargetMetric? metric = kind switch
            {
                "HoldingStatus" => Status(Required(node, "Status")) is { } status ? new HoldingStatusMetric(status, Programmes(node, "Criteria", required: false)) : null,
                "NewlyRecognised" => NewlyRecognised(node),
                "MeetingCriteria" => new MeetingCriteriaMetric(Programmes(node, "Criteria", required: true), node.Property("Without") is { } without ? Status(without.Value) : null),
                _ => Growth(node),
            };
            return Diagnostics.Count > errors ? null : metric;
        }

        private NewlyRecognisedMetric? NewlyRecognised(JsonSourceNode node)
        {
            var status = Status(Required(node, "Status"));
            var year = Field(node, "YearField", FieldKind.Count, new("a count (a year, 0 = never)", "计数字段（年份，0 表示从未）"));
            var from = Integer(node, "From", 1900, 2200);
            var to = Integer(node, "To", 1900, 2200);
            var criteria = Programmes(node, "Criteria", required: false);
            if (from > to)
            {
                Error(DiagnosticIds.SchemaViolation, node.Property("From")!.Value, $"\"From\" ({from}) is after \"To\" ({to}) / 期初 \"From\"（{from}）晚于期末 \"To\"（{to}）");
            }

            return status is null || year is null || from is null || to is null ? null : new NewlyRecognisedMetric(status, year, from.Value, to.Value, criteria);
        }

        private AggregateGrowthMetric? Growth(JsonSourceNode node)
        {
            var population = Programmes(node, "Population", required: true);
            var current = Field(node, "Current", FieldKind.Money, new("an amount of money", "金额字段"));
            var previous = Field(node, "Previous", FieldKind.Money, new("an amount of money", "金额字段"));
            if (node.Property("Population") is { Value.Items.Count: > 1 } p)
            {
                Error(DiagnosticIds.SchemaViolation, p.Value, "\"Population\" names exactly one programme / \"Population\" 须恰好一个项目");
            }

            return population.Length != 1 || current is null || previous is null ? null : new AggregateGrowthMetric(population[0], current, previous);
        }

        private TargetStatus? Status(JsonSourceNode? node)
        {
            if (node is null || !Object(node, StatusKeys, new("a status", "状态（Status）")))
            {
                return null;
            }

            var anyOf = node.Property("AnyOf");
            var level = node.Property("Field");
            if ((anyOf is null) == (level is null) || (level is null) != (node.Property("In") is null))
            {
                Error(DiagnosticIds.SchemaViolation, node,
                    "A status is either {\"AnyOf\": [yes/no fields]} or {\"Field\": choice field, \"In\": [values]} / 状态须为 AnyOf（是/否字段）或 Field + In（选项字段及其取值）之一");
                return null;
            }

            if (anyOf is not null)
            {
                var flags = ImmutableArray.CreateBuilder<ProfileField>();
                foreach (var item in Strings(anyOf.Value, "AnyOf"))
                {
                    if (FieldNamed(item, FieldKind.Boolean, new("a yes/no field", "是/否字段")) is { } field)
                    {
                        flags.Add(field);
                    }
                }

                return flags.Count == 0 ? null : new TargetStatus(flags.ToImmutable(), null, []);
            }

            if (Field(node, "Field", FieldKind.Choice, new("a choice field", "选项字段")) is not { } choice)
            {
                return null;
            }

            var names = Enum.GetNames(choice.Property.PropertyType);
            var values = ImmutableArray.CreateBuilder<string>();
            foreach (var item in Strings(node.Property("In")!.Value, "In"))
            {
                if (Array.IndexOf(names, item.StringValue) < 0)
                {
                    var suggestion = Suggest.Closest(item.StringValue!, names);
                    Error(DiagnosticIds.UnknownMember, item,
                        $"\"{item.StringValue}\" is not a value of {choice.Name}{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} Values: {string.Join(", ", names)}. / \"{item.StringValue}\" 不是 {choice.Name} 的取值{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}可选：{string.Join("、", names)}。");
                }
                else
                {
                    values.Add(item.StringValue!);
                }
            }

            return values.Count == 0 ? null : new TargetStatus([], choice, values.ToImmutable());
        }

        private ImmutableArray<string> Programmes(JsonSourceNode node, string key, bool required)
        {
            var property = node.Property(key);
            if (property is null)
            {
                if (required)
                {
                    Error(DiagnosticIds.SchemaViolation, node, $"\"{key}\" is missing / 缺少 \"{key}\"");
                }

                return [];
            }

            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var item in Strings(property.Value, key))
            {
                var name = item.StringValue!;
                if (!engine.Programmes.Contains(name, StringComparer.Ordinal))
                {
                    var suggestion = Suggest.Closest(name, engine.Programmes);
                    Error(DiagnosticIds.UnknownProgrammeReference, item,
                        $"Unknown programme \"{name}\"{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} / 未知项目 \"{name}\"{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}");
                }
                else if (engine.GetVersions(name)[0].Input != Records.RecordKinds.Enterprise)
                {
                    Error(DiagnosticIds.UnknownProgrammeReference, item,
                        $"\"{name}\" reads person records; plan targets count enterprises / \"{name}\" 为人才项目，计划目标按企业计数");
                }
                else
                {
                    names.Add(name);
                }
            }

            if (required && names.Count == 0 && property.Value.Kind == JsonValueKind.Array && property.Value.Items.Count == 0)
            {
                Error(DiagnosticIds.SchemaViolation, property.Value, $"\"{key}\" names at least one programme / \"{key}\" 至少列出一个项目");
            }

            return names.ToImmutable();
        }

        private ProfileField? Field(JsonSourceNode node, string key, FieldKind kind, Noun what)
        {
            var property = node.Property(key);
            if (property is null)
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"{key}\" is missing / 缺少 \"{key}\"");
                return null;
            }

            if (property.Value.Kind != JsonValueKind.String)
            {
                Error(DiagnosticIds.SchemaViolation, property.Value, $"\"{key}\" names a field, not {property.Value.Describe()} / \"{key}\" 须为字段名，而不是{property.Value.DescribeZh()}");
                return null;
            }

            return FieldNamed(property.Value, kind, what);
        }

        private ProfileField? FieldNamed(JsonSourceNode item, FieldKind kind, Noun what)
        {
            var name = item.StringValue!;
            var schema = RecordSchema.Enterprise;
            if (!schema.TryGetField(name, out var field))
            {
                var suggestion = Suggest.Closest(name, schema.Fields.Select(f => f.Name));
                Error(DiagnosticIds.UnknownMember, item,
                    $"The enterprise record has no field \"{name}\"{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} / 企业记录没有字段 \"{name}\"{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}");
                return null;
            }

            if (field.Kind != kind && !(kind == FieldKind.Money && field.Kind == FieldKind.SignedMoney))
            {
                Error(DiagnosticIds.TypeMismatch, item,
                    $"\"{name}\" is {Describe(field.Kind)}; here the target needs {what.En} / \"{name}\" 的类型为 {field.Kind}，此处需要{what.Zh}");
                return null;
            }

            return field;
        }

        private static string Describe(FieldKind kind) => kind switch
        {
            FieldKind.Boolean => "a yes/no field",
            FieldKind.Money or FieldKind.SignedMoney => "an amount of money",
            FieldKind.Count => "a count",
            FieldKind.Choice => "a choice field",
            FieldKind.Date => "a date",
            FieldKind.Text => "a text",
            _ => $"a {kind.ToString().ToLowerInvariant()} field",
        };

        private List<JsonSourceNode> Strings(JsonSourceNode node, string key)
        {
            if (node.Kind != JsonValueKind.Array || node.Items.Count == 0)
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"{key}\" must be a non-empty array of names, not {node.Describe()} / \"{key}\" 须为非空名称数组，而不是{node.DescribeZh()}");
                return [];
            }

            var strings = new List<JsonSourceNode>();
            foreach (var item in node.Items)
            {
                if (item.Kind != JsonValueKind.String)
                {
                    Error(DiagnosticIds.SchemaViolation, item, $"\"{key}\" lists names, not {item.Describe()} / \"{key}\" 须列出名称，而不是{item.DescribeZh()}");
                }
                else
                {
                    strings.Add(item);
                }
            }

            return strings;
        }

    }
}
