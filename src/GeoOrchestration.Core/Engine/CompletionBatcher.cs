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
    /// <summary>Most results one transaction commits.</summary>
    public const int MaxBatch = 1000;

    private readonly Channel<(TaskCompleteParams Completion, TaskCompletionSource<TaskCompleteOutcome> Outcome)> _queue;
    private readonly IGeoStore _store;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public CompletionBatcher(IGeoStore store, int capacity, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _queue = Channel.CreateBounded<(TaskCompleteParams, TaskCompletionSource<TaskCompleteOutcome>)>(
            new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues a result; the returned task completes once its batch has committed.</summary>
    public async Task<Task<TaskCompleteOutcome>> EnqueueAsync(TaskCompleteParams completion)
    {
        var outcome = new TaskCompletionSource<TaskCompleteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((completion, outcome));
        return outcome.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<(TaskCompleteParams Completion, TaskCompletionSource<TaskCompleteOutcome> Outcome)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                var outcomes = await _store.TaskCompleteBatchAsync(batch.Select(b => b.Completion).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Outcome.TrySetResult(outcomes[i]);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Committing {Count} task result(s) failed; their tasks run again when their leases expire", batch.Count);
                foreach (var (_, outcome) in batch) outcome.TrySetException(e);
            }
            batch.Clear();
        }
    }

    /// <summary>Commits what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
