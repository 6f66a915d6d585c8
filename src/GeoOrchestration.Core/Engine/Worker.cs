using System.Collections.Concurrent;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.Engine;

/// <summary>
/// Claims work from the store and runs up to <see cref="WorkerOptions.Concurrency"/> items at once.
/// One loop claims exactly as many items as there are free slots; finished items, store
/// notifications and scheduled retries wake it, and a slow poll covers a lost notification.
/// Alongside it, <see cref="WorkerMaintenance"/> renews leases and takes janitor turns.
/// </summary>
public sealed class Worker
{
    private readonly IGeoStore _store;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkExecutor _executor;
    // Everything this worker holds a lease on and has not finished: running, or waiting in _ready.
    private readonly ConcurrentDictionary<RunningWork, byte> _held = new();
    private readonly ConcurrentQueue<RunningWork> _ready = new();
    private int _active;
    private volatile bool _stopping;
    // Moving average of how long tasks run, in ms; decides whether prefetching pays.
    private double _averageTaskMs = double.NaN;
    private readonly WakeSignal _wake = new();
    private long _executed;
    private long _nextRetryTicks = long.MaxValue;
    private CompletionBatcher? _completions;
    private int _started;

    public Worker(JobRegistry registry, IGeoStore store, WorkerOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        options.Validate();
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _executor = new WorkExecutor(registry, store, options, _time, _logger, OnRetryScheduled,
            completion => _completions!.EnqueueAsync(completion), new WorkerSlots(FreeSlots, Adopt));
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>Work items this worker has carried out (plans, tasks, finalizes), whatever their outcome.</summary>
    public long Executed => Interlocked.Read(ref _executed);

    internal IEnumerable<RunningWork> Running => _held.Keys;

    /// <summary>
    /// How many claimed items may wait for a slot. Short tasks finish faster than a claim round
    /// trip, so a worker that fetches the next batch while the current one runs never idles between
    /// batches. Long tasks would hold waiting leases that other workers could use, so none then.
    /// Seven slots' worth makes a claim (half the capacity) big enough that a round trip hands over
    /// 64 tasks at concurrency 16, and results commit in batches of that size too; an item then
    /// waits at most ~7 task lengths (under 150 ms) for its slot, far inside any lease.
    /// </summary>
    private int PrefetchDepth => _averageTaskMs < PrefetchBelowMs ? PrefetchSlots * _options.Concurrency : 0;

    private const int PrefetchSlots = 7;

    private const double PrefetchBelowMs = 20;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires (then shuts down gracefully: no new
    /// claims, running handlers get <see cref="WorkerOptions.ShutdownGrace"/> to finish, the rest
    /// are handed back) or, with <see cref="WorkerOptions.ExitWhenIdle"/>, until idle that long.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("A worker runs once; create another to run again.");
        // A few results per slot may wait for their commit; more and new claims wait instead.
        await using var completions = _completions = new CompletionBatcher(_store, 4 * _options.Concurrency, _options.WorkerId, _logger);
        IAsyncDisposable listener;
        try
        {
            // On a schema that is missing or of another version every claim would fail: say so once, now.
            await _store.SchemaCheckAsync(cancellationToken);
            listener = await _store.WorkListenAsync(_wake.Set, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // stopped before it began: nothing claimed, nothing to hand back
        }
        await using var listening = listener;
        using var maintenanceStop = new CancellationTokenSource();
        var maintenance = new WorkerMaintenance(this, _store, _options, _time, _logger).RunAsync(maintenanceStop.Token);
        try
        {
            await ClaimLoopAsync(cancellationToken);
        }
        finally
        {
            await ShutDownAsync();
            await completions.DisposeAsync();
            await maintenanceStop.CancelAsync();
            await maintenance;
        }
    }

    private async Task ClaimLoopAsync(CancellationToken cancellationToken)
    {
        var idleSince = _time.GetTimestamp();
        var failures = 0;
        var backlog = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var capacity = _options.Concurrency + PrefetchDepth;
                var free = capacity - _held.Count;
                // While a backlog lasts, claim only once half the capacity is free: one round trip then
                // fetches a real batch instead of one task per finished handler.
                var threshold = backlog ? Math.Max(1, capacity / 2) : 1;
                if (free >= threshold)
                {
                    IReadOnlyList<WorkItem> items;
                    try
                    {
                        items = await _store.WorkClaimAsync(new WorkClaimParams(_options.WorkerId, free, _options.Lease), cancellationToken);
                        failures = 0;
                    }
                    catch (Exception e) when (e is not (OperationCanceledException or Errors.GeoConfigurationException))
                    {
                        // The store is unreachable: back off and try again rather than die, so a
                        // database restart costs a pause, not a fleet of dead workers. A schema that
                        // vanished or changed version does not come back by waiting: that stops the worker.
                        failures++;
                        var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 10))));
                        _logger.LogWarning(e, "Claiming work failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                        await Task.Delay(delay, _time, cancellationToken);
                        continue;
                    }
                    Claimed(items);
                    foreach (var item in items) Start(item);
                    backlog = items.Count == free;
                    if (items.Count > 0)
                    {
                        idleSince = _time.GetTimestamp();
                        continue;
                    }
                }
                if (_held.IsEmpty && _options.ExitWhenIdle is { } idle && _time.GetElapsedTime(idleSince) >= idle)
                    break;
                await _wake.WaitAsync(NextWait(idleSince), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private TimeSpan NextWait(long idleSince)
    {
        var wait = _options.PollInterval;
        if (_held.IsEmpty && _options.ExitWhenIdle is { } limit) wait = Min(wait, limit - _time.GetElapsedTime(idleSince));
        var retry = Interlocked.Read(ref _nextRetryTicks);
        if (retry != long.MaxValue)
        {
            var untilRetry = new DateTimeOffset(retry, TimeSpan.Zero) - _time.GetUtcNow();
            if (untilRetry <= TimeSpan.Zero) Interlocked.Exchange(ref _nextRetryTicks, long.MaxValue);
            wait = Min(wait, untilRetry);
        }
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>Room for claimed items now: running slots plus prefetch, less what is held.</summary>
    private int FreeSlots() => _stopping ? 0 : _options.Concurrency + PrefetchDepth - _held.Count;

    /// <summary>Takes on items claimed outside the claim loop (by a plan's transaction).</summary>
    private void Adopt(IReadOnlyList<WorkItem> items)
    {
        Claimed(items);
        foreach (var item in items) Start(item);
    }

    private void Claimed(IReadOnlyList<WorkItem> items)
    {
        if (items.Count == 0) return;
        var worker = EngineMetrics.Worker(_options.WorkerId);
        EngineMetrics.ItemsClaimed.Add(items.Count, worker);
        EngineMetrics.ClaimBatch.Record(items.Count, worker);
    }

    private void Start(WorkItem item)
    {
        var work = new RunningWork(item);
        _held[work] = 0;
        _ready.Enqueue(work);
        Dispatch();
    }

    /// <summary>Starts waiting items while there are free slots (called on claim and whenever one finishes).</summary>
    private void Dispatch()
    {
        while (!_stopping)
        {
            if (Interlocked.Increment(ref _active) > _options.Concurrency || !_ready.TryDequeue(out var work))
            {
                Interlocked.Decrement(ref _active);
                return;
            }
            work.Completion = RunOneAsync(work);
        }
    }

    private async Task RunOneAsync(RunningWork work)
    {
        await Task.Yield();
        var item = work.Item;
        var started = _time.GetTimestamp();
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = item.JobId,
            ["Stage"] = item.Stage,
            ["TaskId"] = item.TaskId,
        });
        try
        {
            await _executor.ExecuteAsync(work);
        }
        catch (Exception e)
        {
            // The lease will expire and another worker (or this one) takes the item over.
            _logger.LogError(e, "Work item {Kind} for job {JobId} stage {Stage} failed; it returns when its lease expires",
                item.Kind, item.JobId, item.Stage);
        }
        finally
        {
            if (item.Kind == WorkKind.RunTask) Observe(_time.GetElapsedTime(started).TotalMilliseconds);
            _held.TryRemove(work, out _);
            work.Dispose();
            Interlocked.Increment(ref _executed);
            Interlocked.Decrement(ref _active);
            Dispatch();
            _wake.Set();
        }
    }

    private void Observe(double ms)
    {
        // Races between finishing handlers only blur an average that merely picks a mode.
        var average = _averageTaskMs;
        _averageTaskMs = double.IsNaN(average) ? ms : average * 0.9 + ms * 0.1;
    }

    /// <summary>Lets running handlers finish within the grace period, then stops them and hands their tasks back.</summary>
    private async Task ShutDownAsync()
    {
        // Items still waiting for a slot never start: they are handed back with the unfinished ones.
        _stopping = true;
        var waiting = new List<RunningWork>();
        while (_ready.TryDequeue(out var queued)) waiting.Add(queued);
        var running = _held.Keys.Except(waiting).ToList();
        var stopped = new List<RunningWork>();
        if (!await Finished(Task.WhenAll(running.Select(w => w.Completion)), _options.ShutdownGrace))
        {
            stopped.AddRange(running.Where(w => !w.Completion.IsCompleted));
            _logger.LogWarning("Grace period over: stopping {Count} running item(s) and handing their tasks back", stopped.Count);
            foreach (var work in stopped) work.Stop(StopReason.Shutdown);
            // Handlers that ignore their token are left behind; their tasks are released all the same.
            await Finished(Task.WhenAll(running.Select(w => w.Completion)), TimeSpan.FromSeconds(5));
        }
        foreach (var work in waiting) _held.TryRemove(work, out _);
        var unfinished = stopped.Concat(waiting).Concat(_held.Keys).Distinct().ToList();
        foreach (var work in waiting) work.Dispose();
        if (unfinished.Count == 0) return;
        var taskIds = unfinished.Where(w => w.Item.Kind == WorkKind.RunTask).Select(w => new TaskAttempt(w.Item.TaskId!, w.Item.Attempt)).ToList();
        try
        {
            var released = await _store.TaskReleaseAsync(new TaskReleaseParams(_options.WorkerId, taskIds), CancellationToken.None);
            _logger.LogInformation("Released {Count} task(s)", released);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Releasing {Count} task(s) failed; they return when their leases expire", taskIds.Count);
        }
    }

    private async Task<bool> Finished(Task task, TimeSpan within)
    {
        var timeout = Task.Delay(within, _time);
        return await Task.WhenAny(task, timeout) == task;
    }

    private void OnRetryScheduled(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _nextRetryTicks);
            if (ticks >= current) return;
        } while (Interlocked.CompareExchange(ref _nextRetryTicks, ticks, current) != current);
        _wake.Set();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
