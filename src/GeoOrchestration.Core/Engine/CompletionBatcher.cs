using System.Diagnostics;
using System.Threading.Channels;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// Gathers the results of finished handlers and commits them in batches: while one batch commits,
/// the next accumulates, so batches grow with load and cost nothing extra when idle (no timer).
/// A handler's slot is free as soon as it has queued its result; the bounded queue holds back
/// new work if commits fall behind. Results not yet committed when a process dies are not lost
/// work: their tasks' leases expire and the tasks run again.
/// </summary>
internal sealed class CompletionBatcher : IAsyncDisposable
{
    private readonly Channel<TaskCompleteParams> _queue;
    private readonly EngineSteps _steps;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _worker;
    private readonly Action _committed;
    private readonly Task _loop;
    private readonly WorkerPulse? _pulse;
    private int _pending;

    /// <param name="committed">Called after each batch commits: its commit may have created work (the next stage's plan, a finalize).</param>
    /// <param name="pulse">Told how each commit went (the worker's last store call); null: nobody asks.</param>
    public CompletionBatcher(EngineSteps steps, int capacity, string workerId, ILogger logger, Action committed, WorkerPulse? pulse = null)
    {
        _pulse = pulse;
        _steps = steps;
        _logger = logger;
        _committed = committed;
        _worker = EngineMetrics.Worker(workerId);
        _queue = Channel.CreateBounded<TaskCompleteParams>(
            new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>
    /// Queues a result; completes once it is queued (waiting only while the queue is full). Nobody
    /// waits for the commit: a handler's outcome is the store's to keep, and this class reports the
    /// exceptions (a completion that found its task already completed, cancelled or gone).
    /// </summary>
    public ValueTask EnqueueAsync(TaskCompleteParams completion)
    {
        // Counted before it is queued, so a handler's slot is never free while its result is not counted here.
        Interlocked.Increment(ref _pending);
        return _queue.Writer.WriteAsync(completion);
    }

    /// <summary>
    /// Results queued or committing. While any is, the worker is not idle: the commit of a stage's
    /// last result creates the job's next step, which the worker should take before it exits.
    /// </summary>
    public int Pending => Volatile.Read(ref _pending);

    private async Task LoopAsync()
    {
        var batch = new List<TaskCompleteParams>(WorkerTuning.CompletionMaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < WorkerTuning.CompletionMaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                var started = Stopwatch.GetTimestamp();
                var outcomes = await _steps.TaskCompleteBatchAsync(batch, CancellationToken.None);
                _pulse?.StoreCallSucceeded();
                EngineMetrics.CompletionCommit.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, _worker);
                EngineMetrics.CompletionBatch.Record(batch.Count, _worker);
                var completed = 0;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (outcomes[i].Status == TaskCompleteStatus.Completed) completed++;
                    else _logger.LogInformation("Task {TaskId} was not completed by this run: {Status}", batch[i].TaskId, outcomes[i].Status);
                }
                EngineMetrics.TasksCompleted.Add(completed, _worker);
            }
            catch (Exception e)
            {
                _pulse?.StoreCallFailed(e);
                _logger.LogError(e, "Committing {Count} task result(s) failed; their tasks run again when their leases expire", batch.Count);
            }
            // Counted down before the wake-up, so the woken worker sees the work this commit created.
            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
            _committed();
        }
    }

    /// <summary>Commits what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
