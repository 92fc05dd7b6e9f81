using System.Collections.Immutable;
using PolicyRules.Compilation;
using PolicyRules.Input;

namespace PolicyRules.Screening;

/// <summary>
/// The library's own sink (the results file, or standard output) and the application's
/// (<see cref="ScreeningOptions.Sinks"/>), written as one: every row reaches each sink in input order,
/// the library's first. Whole or not at all: <see cref="Complete"/> finishes the library's output first,
/// then hands each application sink the summary, and only then do the files move into place; a sink
/// that throws — while made, on a row or at completion — fails the run with its own exception, no file
/// of the run appears, and the sinks not yet completed are disposed without <see cref="IResultSink.Complete"/>.
/// </summary>
internal sealed class ResultSinkFanOut : IResultSink
{
    private readonly IResultSink _primary;
    private readonly IResultSink[] _extras;
    private bool _disposed;

    private ResultSinkFanOut(IResultSink primary, IResultSink[] extras)
    {
        _primary = primary;
        _extras = extras;
    }

    /// <summary>The library's sink joined by those <paramref name="options"/> make; <paramref name="primary"/> alone when there are none.</summary>
    public static IResultSink Open(IResultSink primary, ScreeningOptions options, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf)
    {
        if (options.Sinks.IsDefaultOrEmpty)
        {
            return primary;
        }

        var context = new ResultSinkContext([.. programmes], asOf);
        var extras = new List<IResultSink>(options.Sinks.Length);
        try
        {
            foreach (var make in options.Sinks)
            {
                extras.Add(make(context) ?? throw new InvalidOperationException("A result sink factory of ScreeningOptions.Sinks returned null. / ScreeningOptions.Sinks 中的结果输出工厂返回了 null。"));
            }
        }
        catch
        {
            DisposeAll([primary, .. extras]);
            throw;
        }

        return new ResultSinkFanOut(primary, [.. extras]);
    }

    public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
    {
        _primary.Write(id, outcomes, failedNames, outputs);
        foreach (var sink in _extras)
        {
            sink.Write(id, outcomes, failedNames, outputs);
        }
    }

    public void Reject(ProfileRecord record, string columns, string reasons)
    {
        _primary.Reject(record, columns, reasons);
        foreach (var sink in _extras)
        {
            sink.Reject(record, columns, reasons);
        }
    }

    /// <summary>Finishes the library's output (a Parquet footer), then completes each application sink in order.</summary>
    public void Complete(ScreeningSummary summary)
    {
        _primary.Complete(summary);
        _primary.Dispose();
        foreach (var sink in _extras)
        {
            sink.Complete(summary);
        }
    }

    /// <summary>Disposes every sink once (the run disposes its output explicitly and again on the way out).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            DisposeAll([_primary, .. _extras]);
        }
    }

    /// <summary>Disposes every sink, even when one throws; the first failure is rethrown.</summary>
    private static void DisposeAll(IEnumerable<IResultSink> sinks)
    {
        List<Exception>? failures = null;
        foreach (var sink in sinks)
        {
            try
            {
                sink.Dispose();
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is [var first, ..])
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }
}
