using System.Collections.Immutable;
using System.Globalization;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// Builds the stand-in a <see cref="PolicyEngine"/> returns for a programme on a date that no version
/// covers (before its first version, or after its last one ends): one criterion, <see cref="CriterionName"/>,
/// that always fails and says which versions exist and, after the last, what succeeded it.
/// So "no version in force" is an outcome every surface shows (not eligible, with a reason), not an
/// exception, and never a guess carried forward (programmes.md, Conventions).
/// </summary>
internal static class NoVersionInForce
{
    /// <summary>The name of the one criterion a no-version outcome fails.</summary>
    public const string CriterionName = "VersionInForce";

    /// <summary>The version label of a no-version outcome.</summary>
    public const string VersionLabel = "none";

    /// <summary>The stand-in for dates before <paramref name="first"/> begins.</summary>
    public static CompiledProgramme Before(CompiledProgramme first)
    {
        var d = first.Definition;
        var from = Day(d.EffectiveFrom);
        var fail = new BilingualText(
            $"该日期无有效版本：{d.Name} 的第一个版本（{d.Version}）自 {from} 起施行",
            $"No version of {d.Name} is in force on this date: its first version ({d.Version}) applies from {from}");
        return Build(first, DateOnly.MinValue, d.EffectiveFrom.AddDays(-1), fail, citation: null, successor: null);
    }

    /// <summary>The stand-in for dates after <paramref name="last"/> ends (it has an EffectiveTo).</summary>
    public static CompiledProgramme After(CompiledProgramme last)
    {
        var d = last.Definition;
        var end = d.EffectiveTo ?? throw new ArgumentException($"{d.Name} {d.Version} has no end.", nameof(last));
        var to = Day(end);
        var zh = $"该日期无有效版本：{d.Name} 的最后一个版本（{d.Version}）已于 {to} 期满失效";
        var en = $"No version of {d.Name} is in force on this date: its last version ({d.Version}) ended on {to}";
        if (d.Successor is { } successor)
        {
            zh += $"；后续政策：{successor.Title.Zh}（{successor.Citation.Document}）";
            en += $"; succeeded by {successor.Title.En} ({successor.Title.Zh}, {successor.Citation.Document})";
            if (successor.Programme is { } programme)
            {
                zh += $"，见项目 {programme}";
                en += $", see programme {programme}";
            }
        }

        return Build(last, end.AddDays(1), null, new BilingualText(zh, en), d.Successor?.Citation, d.Successor);
    }

    private static CompiledProgramme Build(CompiledProgramme neighbour, DateOnly from, DateOnly? to, BilingualText fail, Citation? citation, ProgrammeSuccessor? successor)
    {
        var n = neighbour.Definition;
        var rule = new RuleDefinition
        {
            Name = CriterionName,
            Expression = new ExpressionSource("false", null, 0, 0),
            Title = new BilingualText("评估日期在本项目某一版本的有效期内", "The evaluation date falls within the period of one of the programme's versions"),
            FailMessage = fail,
            Citation = citation,
            Status = n.Status,
            Location = n.Location,
        };

        // Score, class and top-N names are kept so screening outputs have the same columns whatever
        // the date (left empty: no version computed them); the stand-in itself has no parameters.
        var definition = n with
        {
            WorkflowName = n.Name + "." + VersionLabel,
            Version = VersionLabel,
            EffectiveFrom = from,
            EffectiveTo = to,
            Uses = [],
            Params = [],
            Rules = [rule],
            Successor = successor,
        };
        var compiled = new CompiledRule(rule, 0, ExplainShape.Opaque, null, -1, -1, [], FieldSet.Empty);
        return new CompiledProgramme(definition, [compiled], [], ruleCount: 1, valueCount: 0, FieldSet.Empty, StandIn, StandIn, neighbour.Schema, neighbour.InputType)
        {
            SelectTop = neighbour.SelectTop,
            IsNoVersionInForce = true,
        };
    }

    private static readonly LazyKernel StandIn = new(Kernel);

    private static bool Kernel(object record, DateOnly asOf, EvaluationState state)
    {
        state.Outcomes[0] = false;
        state.Score = null;
        state.Classification = null;
        return false;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
