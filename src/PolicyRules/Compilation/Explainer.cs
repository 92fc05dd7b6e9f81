using System.Collections.Immutable;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>Builds the per-criterion explanation from what the explaining kernel captured.</summary>
internal static class Explainer
{
    public static ProgrammeResult Explain(CompiledProgramme programme, string recordId, DateOnly asOf, bool eligible, EvaluationState state, ImmutableArray<ProgrammeResult> used)
    {
        var definition = programme.Definition;
        var components = ImmutableArray.CreateBuilder<ValueResult>();
        var values = ImmutableArray.CreateBuilder<ValueResult>();
        foreach (var param in programme.Params)
        {
            var isComponent = definition.ScoreComponents.Contains(param.Definition.Name, StringComparer.OrdinalIgnoreCase);
            if (param.Definition.Title is null && !isComponent)
            {
                continue;
            }

            var value = state.Values[param.Slot];
            var unit = isComponent && param.Definition.Unit == ValueUnit.None ? ValueUnit.Points : param.Definition.Unit;
            var result = new ValueResult
            {
                Name = param.Definition.Name,
                Title = param.Definition.Title ?? new BilingualText(param.Definition.Name, param.Definition.Name),
                Value = value,
                Display = ValueFormatter.Format(value, unit),
                Citation = param.Definition.Citation,
            };
            (isComponent ? components : values).Add(result);
        }

        return new ProgrammeResult
        {
            Programme = definition.Name,
            Version = definition.Version,
            NoVersionInForce = programme.IsNoVersionInForce,
            Successor = programme.IsNoVersionInForce ? definition.Successor : null,
            Title = definition.Title,
            Status = definition.Status,
            EffectiveFrom = definition.EffectiveFrom,
            EffectiveTo = definition.EffectiveTo,
            Documents = definition.Documents.ToImmutableSortedDictionary(StringComparer.Ordinal),
            ProfileId = recordId,
            Input = definition.Input,
            AsOf = asOf,
            Eligible = eligible,
            Score = state.Score,
            Classification = state.Classification,
            Criteria = [.. programme.Rules.Select(r => Criterion(r, state, definition.Status))],
            ScoreComponents = components.ToImmutable(),
            Values = values.ToImmutable(),
            Outputs = definition.Outputs.IsEmpty ? OutputValues.Empty : new OutputValues([.. definition.Outputs.Select((o, k) => KeyValuePair.Create(o.Name, state.Outputs[k]))]),
            OutputDetails = [.. definition.Outputs.Select((o, k) => Output(o, k < programme.Outputs.Length ? programme.Outputs[k] : null, eligible, state))],
            Uses = used,
        };
    }

    private static OutputResult Output(OutputDefinition definition, CompiledOutput? output, bool eligible, EvaluationState state)
    {
        if (!eligible || output is null)
        {
            return new OutputResult
            {
                Name = definition.Name,
                Title = definition.Title,
                Display = new BilingualText("", ""),
                Explanation = new BilingualText("不符合条件，不计算此项", "not eligible: not computed"),
                Citation = definition.Citation,
            };
        }

        var value = state.Outputs[output.Index];
        var computed = (decimal?)state.Values[output.ComputedSlot];
        return new OutputResult
        {
            Name = definition.Name,
            Title = definition.Title,
            Value = value,
            Display = value is null ? ValueFormatter.Format(null, definition.Unit) : ValueFormatter.Format(value, definition.Unit),
            Computed = computed,
            Explanation = OutputExplanation.Of(definition, computed, value),
            Inputs = [.. output.Inputs.Select(i => new ValueResult
            {
                Name = i.Label,
                Title = i.Title,
                Value = state.Values[i.Slot],
                Display = ValueFormatter.Format(state.Values[i.Slot], i.Unit),
            })],
            Citation = definition.Citation,
        };
    }

    private static CriterionResult Criterion(CompiledRule rule, EvaluationState state, RuleStatus programmeStatus)
    {
        var definition = rule.Definition;
        var passed = state.Outcomes[rule.Index];
        BilingualText? actual = null;
        BilingualText? required = null;
        switch (rule.Shape)
        {
            case ExplainShape.Comparison:
                actual = ValueFormatter.Format(state.Values[rule.ActualSlot], definition.Unit);
                required = ValueFormatter.Operator(rule.Operator!, ValueFormatter.Format(state.Values[rule.RequiredSlot], definition.Unit));
                break;
            case ExplainShape.MustBeTrue:
                actual = ValueFormatter.Format(state.Values[rule.ActualSlot], ValueUnit.None);
                required = ValueFormatter.Format(true, ValueUnit.None);
                break;
            case ExplainShape.MustBeFalse:
                actual = ValueFormatter.Format(state.Values[rule.ActualSlot], ValueUnit.None);
                required = ValueFormatter.Format(false, ValueUnit.None);
                break;
        }

        return new CriterionResult
        {
            Name = definition.Name,
            Title = definition.Title,
            Passed = passed,
            Actual = actual,
            Required = required,
            Citation = definition.Citation,
            Message = Message(definition, passed, actual, required),
            Status = definition.Status ?? programmeStatus,
            Children = [.. rule.Children.Select(c => Criterion(c, state, definition.Status ?? programmeStatus))],
        };
    }

    private static BilingualText Message(RuleDefinition rule, bool passed, BilingualText? actual, BilingualText? required)
    {
        var zh = passed ? "符合：" + rule.Title.Zh : rule.FailMessage.Zh;
        var en = passed ? "Met: " + rule.Title.En : rule.FailMessage.En;
        if (actual is not null && required is not null)
        {
            zh += $"（实际 {actual.Zh}，要求 {required.Zh}）";
            en += $" (actual {actual.En}, required {required.En})";
        }

        return new BilingualText(zh, en);
    }
}
