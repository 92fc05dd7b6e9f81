using System.Linq.Expressions;
using System.Text;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Sql;

/// <summary>
/// The two CTEs of one programme version: the first adds a column per top-level criterion, the
/// second eligibility, score, class and the failed list. Parameters are inlined where used.
/// </summary>
internal static class ProgrammeStage
{
    /// <summary>Appends the programme's CTEs after <paramref name="previous"/>; returns the name of the last.</summary>
    public static string Append(StringBuilder sql, ISqlDialect dialect, CompiledProgramme programme, DateOnly asOf, RecordSchema schema, string previous, string name,
        PassedColumns passed, List<RuleDiagnostic> diagnostics)
    {
        string Q(string text) => dialect.QuoteIdentifier(text);
        string Column(string part) => Q(programme.Name + "." + part);
        var ruleColumns = new List<(string Column, string Name)>();
        string? score = null;
        string? classification = null;
        var outputs = new List<(OutputDefinition Definition, OutputValue? Value)>();
        if (programme.IsNoVersionInForce || programme.Trees is null)
        {
            ruleColumns.Add(("FALSE", NoVersionInForce.CriterionName));
        }
        else
        {
            var trees = programme.Trees;
            var bound = new Dictionary<ParameterExpression, Term>();
            string ProgrammeColumn(string used, string part) => Q(used + "." + part);
            var translator = new ExpressionTranslator(dialect, schema, asOf, bound, ProgrammeColumn, programme.Name);
            var failed = false;
            var batch = new List<(ParameterExpression Variable, Term Term)>();
            var index = 0;
            foreach (var global in trees.Globals)
            {
                if (batch.Count > 0 && Reads(global.Body).Overlaps(batch.Select(b => b.Variable)))
                {
                    previous = translator.FlushHelpers(sql, previous, $"{name}p{index}", passed);
                    previous = Spill(sql, dialect, programme, batch, previous, $"{name}p{index++}", bound, passed);
                }

                if (Bind(translator, bound, global, diagnostics))
                {
                    batch.Add((global.Variable, bound[global.Variable]));
                }
                else
                {
                    failed = true;
                }
            }

            if (batch.Count > 0 && !failed)
            {
                previous = translator.FlushHelpers(sql, previous, $"{name}p{index}", passed);
                previous = Spill(sql, dialect, programme, batch, previous, $"{name}p{index}", bound, passed);
            }

            for (var i = 0; i < trees.Rules.Length; i++)
            {
                var rule = Rule(translator, bound, trees.Rules[i], diagnostics);
                failed |= rule is null;
                ruleColumns.Add((rule ?? "FALSE", trees.Rules[i].Definition.Name));
            }

            foreach (var output in trees.Outputs)
            {
                var value = Output(translator, output, diagnostics);
                failed |= value is null;
                outputs.Add((output.Definition, value));
            }

            if (failed)
            {
                return previous;
            }

            if (trees.Score is { } scoreVariable)
            {
                score = translator.Materialise(bound[scoreVariable]).Sql;
            }

            if (trees.Classification is { } classVariable)
            {
                classification = bound[classVariable].Sql;
            }

            previous = translator.FlushHelpers(sql, previous, name + "r", passed);
        }

        sql.Append(",\n").Append(name).Append("r AS (SELECT ").Append(passed.All());
        for (var i = 0; i < ruleColumns.Count; i++)
        {
            sql.Append(",\n  ").Append(ruleColumns[i].Column).Append(" AS ").Append(Column("#" + i));
            passed.Add(programme.Name + ".#" + i);
        }

        sql.Append("\n  FROM ").Append(previous).Append(dialect.SubqueryFence).Append("),\n").Append(name).Append(" AS (SELECT ").Append(passed.All()).Append(", ");
        sql.Append(string.Join(" AND ", ruleColumns.Select((_, i) => Column("#" + i)))).Append(" AS ").Append(Column("eligible"));
        sql.Append(", ").Append(score ?? $"CAST(NULL AS {dialect.DecimalType(0)})").Append(" AS ").Append(Column("score"));
        sql.Append(", ").Append(classification ?? $"CAST(NULL AS {dialect.TextType})").Append(" AS ").Append(Column("classification"));
        sql.Append(", concat_ws(';'");
        for (var i = 0; i < ruleColumns.Count; i++)
        {
            sql.Append(", CASE WHEN NOT ").Append(Column("#" + i)).Append(" THEN ").Append(ExpressionTranslator.Quote(ruleColumns[i].Name)).Append(" END");
        }

        sql.Append(") AS ").Append(Column("failed")).Append(" FROM ").Append(name).Append('r').Append(dialect.SubqueryFence).Append(')');
        foreach (var part in new[] { "eligible", "score", "classification", "failed" })
        {
            passed.Add(programme.Name + "." + part);
        }
        if (programme.Definition.Outputs.IsEmpty)
        {
            return name;
        }

        // Computed values first (one column each), then finished for eligible rows only: the finishing
        // arithmetic reads its value several times.
        var computed = programme.Definition.Outputs.Select(d => outputs.FirstOrDefault(o => o.Definition.Name == d.Name).Value).ToList();
        sql.Append(",\n").Append(name).Append("v AS (SELECT ").Append(passed.All());
        for (var i = 0; i < computed.Count; i++)
        {
            sql.Append(",\n  ").Append(computed[i]?.Value ?? "NULL").Append(" AS ").Append(Column("#output" + i));
            passed.Add(programme.Name + ".#output" + i);
            if (computed[i]?.Denominator is { } den)
            {
                sql.Append(", ").Append(den).Append(" AS ").Append(Column("#output" + i + "/den"));
                passed.Add(programme.Name + ".#output" + i + "/den");
            }
        }

        sql.Append("\n  FROM ").Append(name).Append(dialect.SubqueryFence).Append("),\n").Append(name).Append("o AS (SELECT ").Append(passed.All());
        for (var i = 0; i < computed.Count; i++)
        {
            var definition = programme.Definition.Outputs[i];
            var value = computed[i] is null ? OutputSql.Null(dialect, definition)
                : computed[i]!.Denominator is null ? OutputSql.Finish(dialect, Column("#output" + i), definition)
                : OutputSql.FinishRatio(dialect, Column("#output" + i), Column("#output" + i + "/den"), definition);
            sql.Append(",\n  (CASE WHEN ").Append(Column("eligible")).Append(" THEN ").Append(value).Append(" END) AS ").Append(Column(definition.Name));
            passed.Add(programme.Name + "." + definition.Name);
        }

        sql.Append("\n  FROM ").Append(name).Append('v').Append(dialect.SubqueryFence).Append(')');
        return name + "o";
    }

    /// <summary>An output's computed value: a plain number, or a quotient of whole numbers (rounded exactly later).</summary>
    private sealed record OutputValue(string Value, string? Denominator);

    /// <summary>An output's computed value (before rounding and bounds); null after reporting what could not be translated.</summary>
    private static OutputValue? Output(ExpressionTranslator translator, OutputTree output, List<RuleDiagnostic> diagnostics)
    {
        try
        {
            var term = translator.Translate(output.Body);
            if (term.Kind == SqlKind.Null)
            {
                return new OutputValue("NULL", null);
            }

            if (term.Kind != SqlKind.Number)
            {
                throw new SqlTranslationException($"an output of kind {term.Kind} has no exact SQL translation", $"{term.Kind} 类型的输出无法精确翻译为 SQL");
            }

            if (!term.IsRatio)
            {
                return new OutputValue(term.Sql, null);
            }

            if (output.Definition.Rounding.Mode == OutputRoundingMode.None)
            {
                // .NET keeps 28-29 significant digits of a quotient; no SQL division gives those same digits.
                throw new SqlTranslationException("an unrounded output that is a quotient has no exact SQL translation: declare \"Rounding\" (such as \"half-up-to-fen\")", "未取整的商值输出无法精确翻译为 SQL：请声明 \"Rounding\"（如 \"half-up-to-fen\"）");
            }

            var (numerator, denominator) = translator.WholeRatio(term);
            return new OutputValue(numerator, denominator);
        }
        catch (SqlTranslationException ex)
        {
            if (!ex.Cascade)
            {
                diagnostics.Add(Diagnostic("Outputs." + output.Definition.Name, output.Definition.Expression, ex));
            }

            return null;
        }
    }

    /// <summary>
    /// Computes a batch of parameters once per row as columns of a new CTE, and rebinds them to those
    /// columns: inlined, a parameter used by many others would be repeated (and computed) many times.
    /// </summary>
    private static string Spill(StringBuilder sql, ISqlDialect dialect, CompiledProgramme programme, List<(ParameterExpression Variable, Term Term)> batch,
        string previous, string cte, Dictionary<ParameterExpression, Term> bound, PassedColumns passed)
    {
        sql.Append(",\n").Append(cte).Append(" AS (SELECT ").Append(passed.All());
        foreach (var (variable, term) in batch)
        {
            if (term.Kind == SqlKind.Null || term.Constant is not null)
            {
                continue;
            }

            if (term.Mantissa is { } m)
            {
                // A rounded number: its mantissa alone, the decimal is made from it where used.
                var mantissa = dialect.QuoteIdentifier(programme.Name + ".$" + variable.Name + "/m");
                sql.Append(",\n  ").Append(m).Append(" AS ").Append(mantissa);
                passed.Add(programme.Name + ".$" + variable.Name + "/m");
                bound[variable] = term with { Sql = term.Sql.Replace(m, mantissa, StringComparison.Ordinal), Mantissa = mantissa };
                continue;
            }

            var column = dialect.QuoteIdentifier(programme.Name + ".$" + variable.Name);
            sql.Append(",\n  ").Append(term.Sql).Append(" AS ").Append(column);
            passed.Add(programme.Name + ".$" + variable.Name);
            string? den = null;
            if (term.Den is { } d)
            {
                den = dialect.QuoteIdentifier(programme.Name + ".$" + variable.Name + "/den");
                sql.Append(", ").Append(d).Append(" AS ").Append(den);
                passed.Add(programme.Name + ".$" + variable.Name + "/den");
            }

            bound[variable] = term with { Sql = column, Den = den };
        }

        sql.Append("\n  FROM ").Append(previous).Append(dialect.SubqueryFence).Append(')');
        batch.Clear();
        return cte;
    }

    /// <summary>The variables (parameters) an expression reads.</summary>
    private static HashSet<ParameterExpression> Reads(Expression expression)
    {
        var reads = new ParameterReads();
        reads.Visit(expression);
        return reads.Found;
    }

    private sealed class ParameterReads : ExpressionVisitor
    {
        public HashSet<ParameterExpression> Found { get; } = [];

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found.Add(node);
            return node;
        }
    }

    private static bool Bind(ExpressionTranslator translator, Dictionary<ParameterExpression, Term> bound, ParamTree param, List<RuleDiagnostic> diagnostics)
    {
        try
        {
            bound[param.Variable] = translator.Translate(param.Body);
            return true;
        }
        catch (SqlTranslationException ex)
        {
            if (!ex.Cascade)
            {
                diagnostics.Add(Diagnostic(param.Definition.Name, param.Definition.Expression, ex));
            }

            return false;
        }
    }

    /// <summary>A rule's outcome as SQL (never NULL); null after reporting what could not be translated.</summary>
    private static string? Rule(ExpressionTranslator translator, Dictionary<ParameterExpression, Term> bound, RuleTree rule, List<RuleDiagnostic> diagnostics)
    {
        var ok = true;
        foreach (var local in rule.Locals)
        {
            ok &= Bind(translator, bound, local, diagnostics);
        }

        if (rule.Body is { } body)
        {
            try
            {
                return ok ? translator.Bool(body) : null;
            }
            catch (SqlTranslationException ex)
            {
                if (!ex.Cascade)
                {
                    diagnostics.Add(Diagnostic(rule.Definition.Name, rule.Definition.Expression!, ex));
                }

                return null;
            }
        }

        var children = rule.Children.Select(c => Rule(translator, bound, c, diagnostics)).ToList();
        if (!ok || children.Any(c => c is null))
        {
            return null;
        }

        var joiner = rule.Definition.Operator == RuleOperator.OrElse ? " OR " : " AND ";
        return "(" + string.Join(joiner, children) + ")";
    }

    private static RuleDiagnostic Diagnostic(string name, ExpressionSource expression, SqlTranslationException ex) =>
        new(SqlDiagnosticIds.NotTranslatableToSql, DiagnosticSeverity.Error, $"'{name}': {ex.En}. Screen this programme with the .NET engine. / '{name}'：{ex.Zh}。请改用 .NET 引擎筛查该项目。", expression.Location);
}
