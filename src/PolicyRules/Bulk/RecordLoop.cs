using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using PolicyRules.Compilation;
using PolicyRules.Input;

namespace PolicyRules.Bulk;

/// <summary>
/// The one record loop of the bulk jobs (screening, the reserve pool): reads every record, evaluates
/// the readable ones, hands each row to the caller in input order — accepted with its evaluation, or
/// rejected with its row, column and reason — stops at the first unreadable row when failing fast,
/// and counts, so read = accepted + rejected.
/// </summary>
/// <remarks>
/// With a parallelism above zero the rows travel in batches: one thread reads (cuts) the input, the
/// workers parse what the reader left to them (<see cref="IDeferredParse"/>) and evaluate each batch
/// with an evaluator of their own (one screener per thread, no allocation per row), and the calling
/// thread takes the batches back in input order. A fixed set of batches circulates, so memory stays
/// flat whatever the input's size — but for the accepted ids (<see cref="UniqueIdColumn"/>: 8–16
/// bytes an id in memory, the ids themselves in a temporary file); the reader waits when the caller falls behind.
/// </remarks>
/// <typeparam name="TSlot">What an evaluation leaves for the in-order stage; one per batch row, reused.</typeparam>
internal sealed class RecordLoop<TSlot>
    where TSlot : class
{
    /// <summary>Rows per batch: large enough that handing batches over costs little, small enough to keep memory flat.</summary>
    internal const int BatchSize = 512;

    /// <summary>Makes the result holder of one batch row.</summary>
    public required Func<TSlot> NewSlot { get; init; }

    /// <summary>
    /// Makes the evaluator of one thread. It screens a readable record (with its 0-based position among the rows
    /// read) into the slot, and may throw <see cref="RuleEvaluationException"/>: the row is then rejected.
    /// </summary>
    public required Func<Action<ProfileRecord, long, TSlot>> NewEvaluator { get; init; }

    /// <summary>Takes an evaluated row, in input order, on the calling thread.</summary>
    public required Action<ProfileRecord, long, TSlot> Accept { get; init; }

    /// <summary>Takes a rejected row (its columns joined by <c>;</c>, its reasons by <c> | </c>), in input order, on the calling thread.</summary>
    public required Action<ProfileRecord, string, string> Reject { get; init; }

    /// <summary>
    /// The id column's name: a row whose id an earlier accepted row has is rejected in it, naming that
    /// row (<see cref="IdRegister"/>), after its evaluation — see <see cref="Retract"/>. Null: ids are not compared.
    /// </summary>
    public string? UniqueIdColumn { get; init; }

    /// <summary>
    /// Undoes, on the calling thread, what the evaluator counted for a row that the in-order stage then
    /// rejects for its duplicate id (the evaluators count on their own threads, before order is known).
    /// </summary>
    public Action<TSlot>? Retract { get; init; }

    /// <summary>Stop at the first unreadable row, throwing its errors.</summary>
    public bool FailFast { get; init; }

    /// <summary>Called with the number of rows read so far, every few thousand rows and at the end.</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>Evaluating threads; 0 reads, evaluates and writes on the calling thread alone.</summary>
    public int Parallelism { get; init; }

    /// <summary>The counts of a finished loop.</summary>
    internal readonly record struct Counts(long Read, long Rejected)
    {
        public long Accepted => Read - Rejected;
    }

    /// <summary>Runs the loop over <paramref name="input"/>'s rows, their parsing left to the workers when the reader can leave it.</summary>
    /// <exception cref="ProfileInputException">With <see cref="FailFast"/>, the first unreadable row; or the reader's own.</exception>
    public Counts Run(IProfileReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(Parallelism > 0 && input is IDeferringReader deferring ? deferring.ReadAllDeferred() : input.ReadAll());
    }

    /// <summary>Runs the loop over <paramref name="records"/> (read once).</summary>
    /// <exception cref="ProfileInputException">With <see cref="FailFast"/>, the first unreadable row; or the reader's own.</exception>
    public Counts Run(IEnumerable<ProfileRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Parallelism <= 0 ? RunHere(records) : RunBatched(records);
    }

    private Counts RunHere(IEnumerable<ProfileRecord> records)
    {
        var evaluate = NewEvaluator();
        var slot = NewSlot();
        using var ids = UniqueIdColumn is null ? null : new IdRegister();
        var state = new Tally { Ids = ids };
        foreach (var source in records)
        {
            var record = source.Record is IDeferredParse deferred ? deferred.Parse(source) : source;
            RuleEvaluationException? error = null;
            if (record.Record is not null)
            {
                try
                {
                    evaluate(record, state.Read, slot);
                }
                catch (RuleEvaluationException ex)
                {
                    error = ex;
                }
            }

            Deliver(record, slot, error, ref state);
        }

        Progress?.Invoke(state.Read);
        return new Counts(state.Read, state.Rejected);
    }

    /// <summary>Counts, rejects or accepts one row in input order.</summary>
    private void Deliver(ProfileRecord record, TSlot slot, RuleEvaluationException? error, ref Tally state)
    {
        var index = state.Read++;
        if (Progress is not null && state.Read % 4096 == 0)
        {
            Progress(state.Read);
        }

        if (record.Record is null)
        {
            if (FailFast)
            {
                throw new ProfileInputException(record.Errors);
            }

            Reject(record, string.Join(";", record.Errors.Select(e => e.Column)), string.Join(" | ", record.Errors.Select(e => e.Reason)));
            state.Rejected++;
        }
        else if (error is not null)
        {
            Reject(record, error.Programme, error.Message);
            state.Rejected++;
        }
        else if (state.Ids?.FirstRow(record.Id, record.Row) is > 0 and var first)
        {
            Retract?.Invoke(slot);
            Reject(record, UniqueIdColumn!, Model.RecordSchema.DuplicateIdReason(first));
            state.Rejected++;
        }
        else
        {
            Accept(record, index, slot);
        }
    }

    private Counts RunBatched(IEnumerable<ProfileRecord> records)
    {
        var batches = Parallelism + 3; // every worker busy, one being read, one being written, one spare
        using var free = new BlockingCollection<Batch>();
        using var work = new BlockingCollection<Batch>();
        using var ordered = new BlockingCollection<Batch>();
        // Made here, so a failure to make one fails the run instead of leaving batches unevaluated.
        var evaluators = new Action<ProfileRecord, long, TSlot>[Parallelism];
        for (var w = 0; w < evaluators.Length; w++)
        {
            evaluators[w] = NewEvaluator();
        }

        var all = new Batch[batches];
        for (var i = 0; i < batches; i++)
        {
            free.Add(all[i] = new Batch(NewSlot));
        }

        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() => Read(records, free, work, ordered, stop.Token));
        var workers = new Task[Parallelism];
        for (var w = 0; w < workers.Length; w++)
        {
            var evaluate = evaluators[w];
            workers[w] = Task.Run(() => Work(work, evaluate, stop.Token));
        }

        using var ids = UniqueIdColumn is null ? null : new IdRegister();
        var state = new Tally { Ids = ids };
        try
        {
            foreach (var batch in ordered.GetConsumingEnumerable())
            {
                batch.Done.Wait();
                if (batch.Failure is { } failure)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    Deliver(batch.Records[i], batch.Slots[i], batch.Errors[i], ref state);
                }

                if (batch.ReadFailure is { } readFailure)
                {
                    ExceptionDispatchInfo.Throw(readFailure);
                }

                batch.Clear();
                free.Add(batch);
            }
        }
        finally
        {
            // Normally everything has ended; after a failure (fail fast, a full disk) the reader and
            // workers stop at their next batch, and the input is not closed under them.
            stop.Cancel();
            try
            {
                Task.WaitAll([reader, .. workers]);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
            {
                // Stopped as asked.
            }

            foreach (var batch in all)
            {
                batch.Dispose();
            }
        }

        Progress?.Invoke(state.Read);
        return new Counts(state.Read, state.Rejected);
    }

    /// <summary>The reading thread: fills batches in input order and hands each to the workers and to the caller.</summary>
    private static void Read(IEnumerable<ProfileRecord> records, BlockingCollection<Batch> free, BlockingCollection<Batch> work, BlockingCollection<Batch> ordered, CancellationToken stop)
    {
        try
        {
            using var rows = records.GetEnumerator();
            var more = true;
            long position = 0;
            while (more)
            {
                var batch = free.Take(stop);
                batch.First = position;
                try
                {
                    while (batch.Count < BatchSize && (more = rows.MoveNext()))
                    {
                        batch.Records[batch.Count++] = rows.Current;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Rows before it are still delivered; the caller then meets the failure where a single thread would.
                    batch.ReadFailure = ex;
                    more = false;
                }

                if (batch.Count == 0 && batch.ReadFailure is null)
                {
                    break;
                }

                position += batch.Count;

                ordered.Add(batch, stop);
                work.Add(batch, stop);
            }
        }
        finally
        {
            work.CompleteAdding();
            ordered.CompleteAdding();
        }
    }

    /// <summary>A worker: parses and evaluates whole batches with its own evaluator.</summary>
    private static void Work(BlockingCollection<Batch> work, Action<ProfileRecord, long, TSlot> evaluate, CancellationToken stop)
    {
        foreach (var batch in work.GetConsumingEnumerable(stop))
        {
            try
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var record = batch.Records[i];
                    if (record.Record is IDeferredParse deferred)
                    {
                        batch.Records[i] = record = deferred.Parse(record);
                    }

                    if (record.Record is null)
                    {
                        continue;
                    }

                    try
                    {
                        // The row's position is known before the rows ahead of it are counted: one row is one read.
                        evaluate(record, batch.First + i, batch.Slots[i]);
                    }
                    catch (RuleEvaluationException ex)
                    {
                        batch.Errors[i] = ex;
                    }
                }
            }
            catch (Exception ex)
            {
                batch.Failure = ex;
            }
            finally
            {
                batch.Done.Set();
            }
        }
    }

    private struct Tally
    {
        public long Read;
        public long Rejected;
        public IdRegister? Ids;
    }

    /// <summary>Up to <see cref="BatchSize"/> consecutive rows, their evaluations and what went wrong.</summary>
    private sealed class Batch : IDisposable
    {
        public Batch(Func<TSlot> newSlot)
        {
            Slots = new TSlot[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                Slots[i] = newSlot();
            }
        }

        public ProfileRecord[] Records { get; } = new ProfileRecord[BatchSize];

        public TSlot[] Slots { get; }

        public RuleEvaluationException?[] Errors { get; } = new RuleEvaluationException?[BatchSize];

        public ManualResetEventSlim Done { get; } = new(false);

        public int Count { get; set; }

        /// <summary>The position of the first row among all rows read.</summary>
        public long First { get; set; }

        public Exception? ReadFailure { get; set; }

        public Exception? Failure { get; set; }

        public void Clear()
        {
            Array.Clear(Records, 0, Count); // the records go with the batch: memory held is the batches'
            Array.Clear(Errors, 0, Count);
            Count = 0;
            ReadFailure = null;
            Failure = null;
            Done.Reset();
        }

        public void Dispose() => Done.Dispose();
    }
}
