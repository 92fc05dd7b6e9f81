using PolicyRules.Input;

namespace PolicyRules.Screening;

/// <summary>
/// .xlsx results, streaming: sheet <c>Results</c> has the CSV's columns with typed cells (booleans,
/// exact numbers, text), sheet <c>Rejects</c> the rejects file's (<c>row,line,id,column,reason</c>).
/// Text is never written as a formula.
/// </summary>
internal sealed class XlsxResultSink : IResultSink
{
    public const string ResultsSheet = "Results";
    public const string RejectsSheet = "Rejects";

    private readonly XlsxWorkbookWriter _workbook;
    private readonly XlsxWorkbookWriter.SheetWriter _results;
    private readonly XlsxWorkbookWriter.SheetWriter _rejects;
    private readonly ResultColumns[] _programmes;

    public XlsxResultSink(Stream path, ResultColumns[] programmes)
    {
        _programmes = programmes;
        _workbook = new XlsxWorkbookWriter(path, ResultsSheet, RejectsSheet);
        _results = _workbook.Sheet(0);
        _rejects = _workbook.Sheet(1);
        _results.StartRow();
        _results.Text("id");
        foreach (var p in programmes)
        {
            _results.Text(p.Column("eligible"));
            if (p.HasScore)
            {
                _results.Text(p.Column("score"));
            }

            if (p.HasClassification)
            {
                _results.Text(p.Column("classification"));
            }

            if (p.HasRank)
            {
                _results.Text(p.Column("rank"));
                _results.Text(p.Column("selected"));
            }

            foreach (var output in p.Outputs)
            {
                _results.Text(p.Column(output.Name));
            }

            _results.Text(p.Column("failed"));
        }

        _results.EndRow();
        _rejects.StartRow();
        foreach (var name in (string[])["row", "line", "id", "column", "reason"])
        {
            _rejects.Text(name);
        }

        _rejects.EndRow();
    }

    public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
    {
        _results.StartRow();
        _results.Text(id);
        for (var i = 0; i < outcomes.Length; i++)
        {
            var p = _programmes[i];
            var outcome = outcomes[i];
            _results.Boolean(outcome.Eligible);
            if (p.HasScore)
            {
                Number(outcome.Score is { } score ? ResultNumbers.Canonical(score) : null);
            }

            if (p.HasClassification)
            {
                Text(outcome.Classification);
            }

            if (p.HasRank)
            {
                Number(outcome.Rank);
                _results.Boolean(outcome.Selected);
            }

            for (var k = 0; k < p.Outputs.Length; k++)
            {
                Number(outputs[p.OutputOffset + k] is { } value ? ResultNumbers.Output(value, p.Outputs[k]) : null);
            }

            Text(failedNames.Slice(outcome.FailedStart, outcome.FailedLength).ToString());
        }

        _results.EndRow();
    }

    public void Reject(ProfileRecord record, string columns, string reasons)
    {
        _rejects.StartRow();
        _rejects.Number(record.Row);
        _rejects.Number(record.Line);
        _rejects.Text(record.Id);
        _rejects.Text(columns);
        _rejects.Text(reasons);
        _rejects.EndRow();
    }

    private void Number(decimal? value)
    {
        if (value is { } number)
        {
            _results.Number(number);
        }
        else
        {
            _results.Empty();
        }
    }

    private void Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _results.Empty();
        }
        else
        {
            _results.Text(value);
        }
    }

    public void Dispose() => _workbook.Dispose();
}
