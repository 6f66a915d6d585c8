using System.Collections.Concurrent;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.Engine;

/// <summary>
/// Claims work from the store and runs up to <see cref="WorkerOptions.Concurrency"/> items at once.
/// One loop claims exactly as many items as there are free slots; finished items, committed
/// results and store notifications wake it, it sleeps no longer than the store says the next retry
/// needs to fall due, and a slow poll covers a lost notification.
/// Alongside it, <see cref="WorkerMaintenance"/> renews leases and takes janitor turns.
/// </summary>
public sealed class Worker
{
    private readonly IGeoStore _store;
    private readonly EngineSteps _steps;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkExecutor _executor;
    // Everything this worker holds a lease on and has not finished: running, or waiting in _ready.
    private readonly ConcurrentDictionary<RunningWork, byte> _held = new();
    private readonly ConcurrentQueue<RunningWork> _ready = new();
    // Room for claims: what is neither held nor reserved by a claim in flight.
    private readonly SlotReservations _slots;
    private int _active;
    private volatile bool _stopping;
    // Moving average of how long tasks run, in ms; decides whether prefetching pays.
    private double _averageTaskMs = double.NaN;
    private readonly WakeSignal _wake;
    private readonly IdleLeases _idleLeases;
    private long _executed;
    private CompletionBatcher? _completions;
    private int _started;

    /// <param name="time">
    /// The worker's own timing (waits, polls, idle time, heartbeats, task timeouts); default the
    /// system clock. Its wall-clock time decides nothing: when work falls due is the store's clock.
    /// </param>
    /// <param name="random">Source of retry jitter; default <see cref="Random.Shared"/>. The worker serialises its calls.</param>
    public Worker(JobRegistry registry, IGeoStore store, WorkerOptions options, TimeProvider? time = null, ILogger? logger = null,
        Random? random = null)
    {
        options.Validate();
        _store = store;
        _steps = new EngineSteps(store);
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _slots = new SlotReservations(() => _stopping ? 0 : _options.Concurrency + PrefetchDepth, () => _held.Count);
        _wake = new WakeSignal(_time);
        _idleLeases = new IdleLeases(store, options, _logger);
        _executor = new WorkExecutor(registry, store, _steps, options, _time, _logger, random ?? Random.Shared,
            completion => _completions!.EnqueueAsync(completion), new WorkerSlots(() => _slots.Reserve(), Adopt));
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>The options this worker runs with.</summary>
    public WorkerOptions Options => _options;

    /// <summary>
    /// How this worker learns of new work, for its start line: the store's wake-ups
    /// (<see cref="IGeoStoreWakeUps.WakeUpTransport"/>) and the fallback poll that covers a lost one.
    /// </summary>
    public string Transport => _store is IGeoStoreWakeUps wakeUps
        ? $"{wakeUps.WakeUpTransport}, fallback poll every {Model.DurationText.Format(_options.PollInterval)}"
        : $"poll every {Model.DurationText.Format(_options.PollInterval)}";

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
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken, CancellationToken.None);

    /// <inheritdoc cref="RunAsync(CancellationToken)"/>
    /// <param name="endGrace">
    /// Ends the shutdown grace at once when it fires: running handlers are stopped and their tasks
    /// handed back without waiting for them. For a caller that must return now, e.g. a wait that timed out.
    /// </param>
    public async Task RunAsync(CancellationToken cancellationToken, CancellationToken endGrace)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("A worker runs once; create another to run again.");
        // A few results per slot may wait for their commit; more and new claims wait instead.
        await using var completions = _completions = new CompletionBatcher(_steps, 4 * _options.Concurrency, _options.WorkerId, _logger, _wake.Set);
        IAsyncDisposable listener;
        try
        {
            // On a schema that is missing or of another version every claim would fail: say so once, now.
            await _store.SchemaCheckAsync(cancellationToken);
            // A store without wake-ups leaves the worker to its fallback poll.
            listener = _store is IGeoStoreWakeUps wakeUps ? await wakeUps.WorkListenAsync(new WorkListenParams(_wake.Set), cancellationToken) : NoListener.Instance;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // stopped before it began: nothing claimed, nothing to hand back
        }
        await using var listening = listener;
        using var maintenanceStop = new CancellationTokenSource();
        var maintenance = new WorkerMaintenance(this, _store, _steps, _options, _time, _logger).RunAsync(maintenanceStop.Token);
        try
        {
            await ClaimLoopAsync(cancellationToken);
        }
        finally
        {
            await ShutDownAsync(endGrace);
            await completions.DisposeAsync();
            await maintenanceStop.CancelAsync();
            await maintenance;
        }
    }

    private async Task ClaimLoopAsync(CancellationToken cancellationToken)
    {
        // When the worker last became idle (null while it is not): nothing running, no result
        // waiting for its commit, and nothing claimable, not even a retry due within the idle limit,
        // nor a task another worker holds (IdleLeases).
        long? idleSince = null;
        // When the next retry falls due by the store's clock, as a timestamp of this worker's clock.
        long? dueAt = null;
        var failures = 0;
        var backlog = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var capacity = _options.Concurrency + PrefetchDepth;
                var free = _slots.Free;
                // While a backlog lasts, claim only once half the capacity is free: one round trip then
                // fetches a real batch instead of one task per finished handler.
                // Only for short tasks (prefetching): a long task's round trip costs nothing, and a worker waiting for
                // half its slots to free would leave a queued task unclaimed while its held neighbours run on.
                var threshold = backlog && PrefetchDepth > 0 ? Math.Max(1, capacity / 2) : 1;
                // Read before the claim: a result that commits after the claim may have created work
                // the claim could not see; its commit wakes this loop to claim again.
                var quiet = Quiet();
                if (free >= threshold)
                {
                    // Reserved until the items are held, so a plan claiming meanwhile takes none of these slots.
                    using var reserved = _slots.Reserve();
                    free = reserved.Count;
                    WorkClaimOutcome items;
                    try
                    {
                        // A plan may have reserved the slots since they were counted: then nothing to ask for until it ends.
                        items = free == 0 ? new WorkClaimOutcome([], null)
                            : await _store.WorkClaimAsync(new WorkClaimParams(_options.WorkerId, free, _options.Lease), cancellationToken);
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
                    backlog = free > 0 && items.Count == free;
                    if (items.Count > 0)
                    {
                        idleSince = null;
                        continue;
                    }
                    dueAt = items.NextDue is { } due ? DueAt(due) : null;
                }
                else if (dueAt is { } passed && Until(passed) == TimeSpan.Zero)
                {
                    // Full: the next finished item wakes this loop, and its claim takes what fell due.
                    dueAt = null;
                }
                if (quiet && Quiet() && !DueWithinIdleLimit(dueAt) && !await _idleLeases.MayComeBackAsync(cancellationToken))
                    idleSince ??= _time.GetTimestamp();
                else idleSince = null;
                if (idleSince is { } since && _options.ExitWhenIdle is { } idle && _time.GetElapsedTime(since) >= idle)
                {
                    await _idleLeases.SayWhatIsLeftAsync(cancellationToken);
                    break;
                }
                await _wake.WaitAsync(NextWait(idleSince, dueAt), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Nothing running or waiting for a slot, and no result waiting for its commit.</summary>
    private bool Quiet() => _held.IsEmpty && _completions!.Pending == 0;

    /// <summary>
    /// When work the store says is due in <paramref name="due"/> (measured by its own clock) falls
    /// due, as a timestamp of this worker's clock: the worker only counts the time down.
    /// </summary>
    private long DueAt(TimeSpan due) =>
        _time.GetTimestamp() + (long)(Math.Min(due.TotalSeconds, MaxWaitSeconds) * _time.TimestampFrequency);

    /// <summary>Bounds a wait computed from a timestamp (and keeps the arithmetic far from overflow).</summary>
    private const double MaxWaitSeconds = 86_400 * 365;

    /// <summary>A retry that falls due within the idle limit is work to wait for, not idleness.</summary>
    private bool DueWithinIdleLimit(long? dueAt) =>
        dueAt is { } due && _options.ExitWhenIdle is { } limit && Until(due) <= limit;

    private TimeSpan Until(long timestamp)
    {
        var now = _time.GetTimestamp();
        return timestamp <= now ? TimeSpan.Zero : _time.GetElapsedTime(now, timestamp);
    }

    private TimeSpan NextWait(long? idleSince, long? dueAt)
    {
        var wait = _options.PollInterval;
        if (idleSince is { } since && _options.ExitWhenIdle is { } limit) wait = Min(wait, limit - _time.GetElapsedTime(since));
        if (dueAt is { } due) wait = Min(wait, Until(due));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

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
                item.Kind, Identity.JobIdentity.ShortJobId(item.JobId), item.Stage);
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
    private async Task ShutDownAsync(CancellationToken endGrace)
    {
        // Items still waiting for a slot never start: they are handed back with the unfinished ones.
        _stopping = true;
        var waiting = new List<RunningWork>();
        while (_ready.TryDequeue(out var queued)) waiting.Add(queued);
        var running = _held.Keys.Except(waiting).ToList();
        var stopped = new List<RunningWork>();
        if (!await Finished(Task.WhenAll(running.Select(w => w.Completion)), _options.ShutdownGrace, endGrace))
        {
            stopped.AddRange(running.Where(w => !w.Completion.IsCompleted));
            _logger.LogWarning("{Why}: stopping {Count} running item(s) and handing their tasks back",
                endGrace.IsCancellationRequested ? "No time for the grace period" : "Grace period over", stopped.Count);
            foreach (var work in stopped) work.Stop(StopReason.Shutdown);
            // Handlers that ignore their token are left behind; their tasks are released all the same.
            await Finished(Task.WhenAll(running.Select(w => w.Completion)), TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        foreach (var work in waiting) _held.TryRemove(work, out _);
        var unfinished = stopped.Concat(waiting).Concat(_held.Keys).Distinct().ToList();
        foreach (var work in waiting) work.Dispose();
        if (unfinished.Count == 0) return;
        var taskIds = unfinished.Where(w => w.Item.Kind == WorkKind.RunTask).Select(w => new TaskAttempt(w.Item.TaskId!, w.Item.Attempt)).ToList();
        try
        {
            var released = await _store.TaskReleaseAsync(new TaskReleaseParams(_options.WorkerId, taskIds), CancellationToken.None);
            _logger.LogInformation("Handed back {Count} task(s): they are queued again, their attempts not counted", released);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Releasing {Count} task(s) failed; they return when their leases expire", taskIds.Count);
        }
    }

    /// <summary>Whether <paramref name="task"/> finished within <paramref name="within"/>, unless <paramref name="giveUp"/> fires first.</summary>
    private async Task<bool> Finished(Task task, TimeSpan within, CancellationToken giveUp)
    {
        if (task.IsCompleted) return true;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(giveUp);
        var timeout = Task.Delay(TimerLimit.OrInfinite(within), _time, stop.Token);
        var finished = await Task.WhenAny(task, timeout) == task;
        await stop.CancelAsync();
        return finished;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>The listener of a store without wake-ups: nothing to stop.</summary>
file sealed class NoListener : IAsyncDisposable
{
    public static readonly NoListener Instance = new();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
