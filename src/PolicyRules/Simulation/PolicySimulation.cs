// Longer than ~400 lines on purpose: one job: the single read comparing baseline and reform row by row, with its totals and the changes it explains.
using System.Collections.Immutable;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Output;
using PolicyRules.Rules;
using PolicyRules.Screening;

namespace PolicyRules.Simulation;

/// <summary>
/// Runs a reform against the baseline over a population, in one read of the input: every record is
/// evaluated under both rule sets, eligibility and every criterion's outcome compared, and each
/// gainer and loser explained by the criteria whose outcome the reform changed.
/// </summary>
/// <remarks>
/// The output (CSV) has one row per gainer or loser and programme: <c>id, name, programme, change
/// (gained|lost), criteria, explanation_zh, explanation_en</c>; unreadable rows go to
/// <c>&lt;output&gt;.rejects.csv</c>, so read = compared + rejected. Population-level programmes are
/// compared on eligibility (the pool ranked), not on the top-N selection.
/// </remarks>
public static class PolicySimulation
{
    /// <summary>The programmes a simulation compares by default: those the reform changes and those that use them, directly or not.</summary>
    public static IReadOnlyList<string> AffectedProgrammes(Reform reform, PolicyEngine engine, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(reform);
        ArgumentNullException.ThrowIfNull(engine);
        var affected = new HashSet<string>(reform.Programmes, StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var name in engine.Programmes)
            {
                if (!affected.Contains(name) && engine.GetVersions(name).Any(p => p.Uses.Any(affected.Contains)))
                {
                    grew |= affected.Add(name);
                }
            }
        }
        while (grew);

        return [.. engine.Programmes.Where(affected.Contains).Where(name => InForce(engine, name, asOf))];
    }

    private static bool InForce(PolicyEngine engine, string name, DateOnly asOf) =>
        engine.GetVersions(name).Any(p => p.Definition.EffectiveFrom <= asOf && (p.Definition.EffectiveTo is not { } to || asOf <= to));

    /// <summary>Runs the simulation.</summary>
    /// <param name="reform">The reform (for the summary).</param>
    /// <param name="baseline">The baseline rule set.</param>
    /// <param name="reformed">The reformed rule set (<see cref="Reform.Apply"/>).</param>
    /// <param name="programmes">The programmes to compare (enterprise programmes).</param>
    /// <param name="inputPath">The population: CSV, or Parquet by extension.</param>
    /// <param name="outputPath">The gainers and losers (CSV), or null for the summary only.</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <exception cref="ProfileInputException">The input lacks a column the programmes need; or, with fail-fast, the first unreadable row.</exception>
    public static SimulationSummary Run(Reform reform, PolicyEngine baseline, PolicyEngine reformed, IReadOnlyList<string> programmes, string inputPath, string? outputPath, DateOnly asOf, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reform);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(reformed);
        ArgumentNullException.ThrowIfNull(programmes);
        ArgumentNullException.ThrowIfNull(inputPath);
        options ??= new SimulationOptions();
        CompiledProgramme[] before = [.. programmes.Select(p => baseline.GetProgramme(p, asOf))];
        CompiledProgramme[] after = [.. programmes.Select(p => reformed.GetProgramme(p, asOf))];
        if (before.Any(p => p.Input != Records.RecordKinds.Enterprise))
        {
            throw new ArgumentException("A simulation compares enterprise programmes. / 政策模拟仅比较企业项目。", nameof(programmes));
        }

        var screenBefore = ProgrammeScreener.Create(before, asOf);
        var screenAfter = ProgrammeScreener.Create(after, asOf);
        // The engine's Enterprise kind, with any fields a district's declaration adds to it.
        var schema = baseline.Records[Records.RecordKinds.Enterprise];
        var required = screenBefore.RequiredFields.Union(screenAfter.RequiredFields);
        var columns = schema.NameField is { } nameField ? required.With(nameField) : required;
        var comparisons = programmes.Select((p, i) => new Comparison(before[i], after[i])).ToArray();

        using var output = outputPath is null ? null : new ChangesFile(inputPath, outputPath, comparisons);
        using var input = ProfileReaders.Open(inputPath, schema, required, columns, options.Input);
        var firstRejects = ImmutableArray.CreateBuilder<string>();
        long read = 0, compared = 0, rejected = 0;
        using var ids = new IdRegister(); // an id names one record, as in screening (RecordLoop)
        foreach (var record in input.ReadAll())
        {
            read++;
            string? reason = null;
            string column = "";
            if (record.Record is not EnterpriseProfile profile)
            {
                if (options.FailFast)
                {
                    throw new ProfileInputException(record.Errors);
                }

                column = string.Join(";", record.Errors.Select(e => e.Column));
                reason = string.Join(" | ", record.Errors.Select(e => e.Reason));
                Reject(record, column, reason);
                continue;
            }

            try
            {
                screenBefore.ScreenRecord(profile, record.Id);
                screenAfter.ScreenRecord(profile, record.Id);
            }
            catch (RuleEvaluationException ex)
            {
                Reject(record, ex.Programme, ex.Message);
                continue;
            }

            if (ids.FirstRow(record.Id, record.Row) is > 0 and var first)
            {
                Reject(record, schema.IdField.Name, RecordSchema.DuplicateIdReason(first));
                continue;
            }

            compared++;
            for (var i = 0; i < comparisons.Length; i++)
            {
                if (comparisons[i].Add(screenBefore, screenAfter, i) is { } gained)
                {
                    var change = Explain(baseline, reformed, programmes[i], profile, asOf, gained) with { Outputs = comparisons[i].Shifts(screenBefore, screenAfter, i) };
                    output?.Write(change);
                    comparisons[i].Keep(change, options.KeepChanges);
                }
            }
        }

        output?.Commit();
        return new SimulationSummary
        {
            Reform = reform,
            AsOf = asOf,
            Read = read,
            Compared = compared,
            Rejected = rejected,
            RejectsPath = output?.RejectsPath,
            FirstRejects = firstRejects.ToImmutable(),
            Programmes = [.. comparisons.Select(c => c.Build())],
        };

        void Reject(ProfileRecord record, string column, string reason)
        {
            rejected++;
            if (output is not null)
            {
                output.Reject(record, column, reason);
            }
            else if (firstRejects.Count < 10)
            {
                firstRejects.Add(InputErrorText.Format(new InputError(inputPath, record.Row, record.Line, column, reason), record.Id));
            }
        }
    }

    /// <summary>Evaluates a changed row under both rule sets, explained, and names the criteria whose outcome differs.</summary>
    private static SimulationChange Explain(PolicyEngine baseline, PolicyEngine reformed, string programme, EnterpriseProfile profile, DateOnly asOf, bool gained)
    {
        var before = baseline.Evaluate(programme, profile, asOf);
        var after = reformed.Evaluate(programme, profile, asOf);
        var criteria = new List<string>();
        var zh = new List<string>();
        var en = new List<string>();
        foreach (var old in before.Criteria)
        {
            var now = after.Criteria.FirstOrDefault(c => c.Name == old.Name);
            if (now is null)
            {
                // A dropped criterion changes this row's outcome only if the row failed it.
                if (!old.Passed)
                {
                    criteria.Add(old.Name);
                    zh.Add($"{old.Name}：条件已取消（原为不符合）");
                    en.Add($"{old.Name}: criterion dropped (was not met)");
                }
            }
            else if (now.Passed != old.Passed)
            {
                criteria.Add(old.Name);
                zh.Add($"{old.Name}：{(old.Passed ? "符合" : "不符合")} → {(now.Passed ? "符合" : "不符合")}（实际 {now.Actual?.Zh ?? "—"}；要求 {old.Required?.Zh ?? "—"} → {now.Required?.Zh ?? "—"}）");
                en.Add($"{old.Name}: {(old.Passed ? "met" : "not met")} → {(now.Passed ? "met" : "not met")} (actual {now.Actual?.En ?? "—"}; required {old.Required?.En ?? "—"} → {now.Required?.En ?? "—"})");
            }
        }

        foreach (var added in after.Criteria.Where(c => !before.Criteria.Any(o => o.Name == c.Name) && !c.Passed))
        {
            criteria.Add(added.Name);
            zh.Add($"{added.Name}：新增条件，不符合");
            en.Add($"{added.Name}: new criterion, not met");
        }

        foreach (var output in before.OutputDetails.Select(o => o.Name).Union(after.OutputDetails.Select(o => o.Name), StringComparer.Ordinal))
        {
            var old = before.OutputDetails.FirstOrDefault(o => o.Name == output);
            var now = after.OutputDetails.FirstOrDefault(o => o.Name == output);
            string Zh(OutputResult? r) => r?.Value is null ? "无" : r.Display.Zh;
            string En(OutputResult? r) => r?.Value is null ? "none" : r.Display.En;
            zh.Add($"{output}：{Zh(old)} → {Zh(now)}");
            en.Add($"{output}: {En(old)} → {En(now)}");
        }

        if (criteria.Count == 0)
        {
            // The top-level outcomes agree but a used programme's result changed (a composite).
            zh.Add("所引用项目的结果改变");
            en.Add("the result of a programme it uses changed");
        }

        return new SimulationChange(profile.Id, profile.Name, programme, gained, [.. criteria], new BilingualText(string.Join("；", zh), string.Join("; ", en)));
    }

    /// <summary>One programme's running counts: fixed arrays, indexed by criterion name across the two rule sets.</summary>
    private sealed class Comparison
    {
        private readonly CompiledProgramme _before;
        private readonly CompiledProgramme _after;
        private readonly string[] _criteria;
        private readonly int[] _beforeIndex;
        private readonly int[] _afterIndex;
        private readonly long[] _failedBefore;
        private readonly long[] _failedAfter;
        private readonly List<SimulationChange> _changes = [];
        private readonly string[] _outputs;
        private readonly int[] _outputBefore;
        private readonly int[] _outputAfter;
        private readonly OutputSum[] _sumBefore;
        private readonly OutputSum[] _sumAfter;
        private readonly long[] _outputChanged;
        private long _eligibleBefore;
        private long _eligibleAfter;
        private long _gainers;
        private long _losers;

        public Comparison(CompiledProgramme before, CompiledProgramme after)
        {
            _before = before;
            _after = after;
            _criteria = [.. before.TopLevelRuleNames.Union(after.TopLevelRuleNames, StringComparer.Ordinal)];
            _beforeIndex = [.. _criteria.Select(c => Array.IndexOf([.. before.TopLevelRuleNames], c))];
            _afterIndex = [.. _criteria.Select(c => Array.IndexOf([.. after.TopLevelRuleNames], c))];
            _failedBefore = new long[_criteria.Length];
            _failedAfter = new long[_criteria.Length];
            _outputs = [.. before.OutputNames.Union(after.OutputNames, StringComparer.Ordinal)];
            _outputBefore = [.. _outputs.Select(o => before.OutputNames.IndexOf(o))];
            _outputAfter = [.. _outputs.Select(o => after.OutputNames.IndexOf(o))];
            _sumBefore = new OutputSum[_outputs.Length];
            _sumAfter = new OutputSum[_outputs.Length];
            _outputChanged = new long[_outputs.Length];
        }

        /// <summary>The output names compared (both rule sets), in order.</summary>
        public IReadOnlyList<string> OutputNames => _outputs;

        public string Programme => _before.Name;

        /// <summary>The record's outputs before and after, for a gainer's or loser's row.</summary>
        public ImmutableArray<OutputShift> Shifts(ProgrammeScreener before, ProgrammeScreener after, int index)
        {
            var shifts = ImmutableArray.CreateBuilder<OutputShift>(_outputs.Length);
            for (var k = 0; k < _outputs.Length; k++)
            {
                shifts.Add(new OutputShift(_outputs[k],
                    _outputBefore[k] >= 0 ? before.Buffer(index).Output(_outputBefore[k]) : null,
                    _outputAfter[k] >= 0 ? after.Buffer(index).Output(_outputAfter[k]) : null));
            }

            return shifts.MoveToImmutable();
        }

        /// <summary>Counts a row; true for a gainer, false for a loser, null when eligibility is unchanged.</summary>
        public bool? Add(ProgrammeScreener before, ProgrammeScreener after, int index)
        {
            var bufferBefore = before.Buffer(index);
            var bufferAfter = after.Buffer(index);
            for (var k = 0; k < _criteria.Length; k++)
            {
                if (_beforeIndex[k] >= 0 && _before.Failed(bufferBefore, _beforeIndex[k]))
                {
                    _failedBefore[k]++;
                }

                if (_afterIndex[k] >= 0 && _after.Failed(bufferAfter, _afterIndex[k]))
                {
                    _failedAfter[k]++;
                }
            }

            for (var k = 0; k < _outputs.Length; k++)
            {
                var old = _outputBefore[k] >= 0 ? bufferBefore.Output(_outputBefore[k]) : null;
                var now = _outputAfter[k] >= 0 ? bufferAfter.Output(_outputAfter[k]) : null;
                _sumBefore[k].Add(old);
                _sumAfter[k].Add(now);
                _outputChanged[k] += old != now ? 1 : 0;
            }

            var wasEligible = before.Eligible(index);
            var isEligible = after.Eligible(index);
            _eligibleBefore += wasEligible ? 1 : 0;
            _eligibleAfter += isEligible ? 1 : 0;
            if (wasEligible == isEligible)
            {
                return null;
            }

            _gainers += isEligible ? 1 : 0;
            _losers += wasEligible ? 1 : 0;
            return isEligible;
        }

        public void Keep(SimulationChange change, int keep)
        {
            if (_changes.Count < keep)
            {
                _changes.Add(change);
            }
        }

        public ProgrammeComparison Build() => new()
        {
            Programme = _before.Name,
            Title = _before.Definition.Title,
            Version = _before.Definition.Version,
            EligibleBefore = _eligibleBefore,
            EligibleAfter = _eligibleAfter,
            Gainers = _gainers,
            Losers = _losers,
            Criteria = [.. _criteria
                .Select((c, k) => new CriterionShift(c, _beforeIndex[k] >= 0 ? _failedBefore[k] : null, _afterIndex[k] >= 0 ? _failedAfter[k] : null))
                .OrderByDescending(s => Math.Abs(s.MorePassing)).ThenBy(s => s.Criterion, StringComparer.Ordinal)],
            FirstChanges = [.. _changes],
            Outputs = [.. _outputs.Select((name, k) =>
            {
                var definition = (_outputAfter[k] >= 0 ? _after : _before).Definition.Outputs.First(o => o.Name == name);
                return new OutputBudget(name, definition.Title, definition.Unit,
                    _outputBefore[k] >= 0 ? _sumBefore[k].Total : null, _outputAfter[k] >= 0 ? _sumAfter[k].Total : null,
                    _sumBefore[k].Count, _sumAfter[k].Count, _outputChanged[k]);
            })],
        };
    }

    /// <summary>The gainers-and-losers CSV and its rejects, refused when either is the input and appearing only when the run completes (<see cref="OutputFiles"/>).</summary>
    private sealed class ChangesFile : IDisposable
    {
        private readonly OutputFiles _outputs;
        private readonly SepWriter _writer;
        private readonly SepWriter _rejects;

        private readonly (string Programme, string Output)[] _outputColumns;

        public ChangesFile(string inputPath, string path, Comparison[] comparisons)
        {
            // A gainer's or loser's declared outputs before and after, one pair of columns per programme and output; none when no programme declares outputs.
            _outputColumns = [.. comparisons.SelectMany(c => c.OutputNames.Select(o => (c.Programme, o)))];
            RejectsPath = RejectsFile.PathFor(path);
            _outputs = new OutputFiles([inputPath]);
            try
            {
                _writer = Sep.New(',').Writer(o => o with { Escape = true }).To(_outputs.Create(path));
                foreach (var name in (string[])["id", "name", "programme", "change", "criteria", "explanation_zh", "explanation_en"])
                {
                    _writer.Header.Add(name);
                }

                foreach (var (programme, output) in _outputColumns)
                {
                    _writer.Header.Add($"{programme}.{output}.before");
                    _writer.Header.Add($"{programme}.{output}.after");
                }

                _rejects = RejectsFile.Open(_outputs.Create(RejectsPath));
            }
            catch
            {
                _outputs.Dispose();
                throw;
            }
        }

        public string RejectsPath { get; }

        public void Write(SimulationChange change)
        {
            using var row = _writer.NewRow();
            // Spreadsheets open this file: formula-like ids and names are neutralised (SpreadsheetText).
            row["id"].Set(SpreadsheetText.Neutralize(change.Id));
            row["name"].Set(SpreadsheetText.Neutralize(change.Name));
            row["programme"].Set(change.Programme);
            row["change"].Set(change.Gained ? "gained" : "lost");
            row["criteria"].Set(string.Join(";", change.Criteria));
            row["explanation_zh"].Set(change.Explanation.Zh);
            row["explanation_en"].Set(change.Explanation.En);
            foreach (var (programme, output) in _outputColumns)
            {
                var shift = programme == change.Programme ? change.Outputs.FirstOrDefault(s => s.Output == output) : null;
                row[$"{programme}.{output}.before"].Set(shift?.Before?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
                row[$"{programme}.{output}.after"].Set(shift?.After?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
        }

        public void Reject(ProfileRecord record, string column, string reason) => RejectsFile.Write(_rejects, record, column, reason, rawText: false);

        public void Commit()
        {
            _writer.Dispose();
            _rejects.Dispose();
            _outputs.Commit();
        }

        public void Dispose()
        {
            _writer.Dispose();
            _rejects.Dispose();
            _outputs.Dispose();
        }
    }
}
