using System.Collections.Concurrent;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// The items a worker holds a lease on and has not finished, and their slots: claimed items wait
/// in line and start as slots free up, at most <see cref="WorkerOptions.Concurrency"/> at once.
/// Each finished item frees its slot, starts the next waiting one and wakes the claim loop.
/// </summary>
internal sealed class WorkDispatch(WorkerOptions options, TimeProvider time, ILogger logger,
    Func<RunningWork, Task> execute, PrefetchPolicy prefetch, Action finished)
{
    // Everything this worker holds a lease on and has not finished: running, or waiting in _ready.
    private readonly ConcurrentDictionary<RunningWork, byte> _held = new();
    private readonly ConcurrentQueue<RunningWork> _ready = new();
    private int _active;
    private volatile bool _stopping;
    private long _executed;

    /// <summary>Set once shutdown began: nothing more starts, and no room is left for claims.</summary>
    public bool Stopping => _stopping;

    /// <summary>Items held: running or waiting for a slot.</summary>
    public int HeldCount => _held.Count;

    /// <summary>Nothing running or waiting for a slot.</summary>
    public bool IsEmpty => _held.IsEmpty;

    public IEnumerable<RunningWork> Held => _held.Keys;

    /// <summary>Work items carried out, whatever their outcome.</summary>
    public long Executed => Interlocked.Read(ref _executed);

    /// <summary>Takes on claimed items (by the claim loop or by a plan's transaction) and starts what the free slots allow.</summary>
    public void Take(IReadOnlyList<WorkItem> items)
    {
        Claimed(items);
        foreach (var item in items) Start(item);
    }

    private void Claimed(IReadOnlyList<WorkItem> items)
    {
        if (items.Count == 0) return;
        var worker = EngineMetrics.Worker(options.WorkerId);
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
            if (Interlocked.Increment(ref _active) > options.Concurrency || !_ready.TryDequeue(out var work))
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
        var started = time.GetTimestamp();
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = item.JobId,
            ["Stage"] = item.Stage,
            ["TaskId"] = item.TaskId,
        });
        try
        {
            await execute(work);
        }
        catch (Exception e)
        {
            // The lease will expire and another worker (or this one) takes the item over.
            logger.LogError(e, "Work item {Kind} for job {JobId} stage {Stage} failed; it returns when its lease expires",
                item.Kind, Identity.JobIdentity.ShortJobId(item.JobId), item.Stage);
        }
        finally
        {
            if (item.Kind == WorkKind.RunTask) prefetch.Observe(time.GetElapsedTime(started).TotalMilliseconds);
            _held.TryRemove(work, out _);
            work.Dispose();
            Interlocked.Increment(ref _executed);
            Interlocked.Decrement(ref _active);
            Dispatch();
            finished();
        }
    }

    /// <summary>
    /// Stops starting items and returns those still waiting for a slot: they never start, and stay
    /// held (their leases renewed) until the caller hands them back (<see cref="Forget"/>).
    /// </summary>
    public List<RunningWork> Stop()
    {
        _stopping = true;
        var waiting = new List<RunningWork>();
        while (_ready.TryDequeue(out var queued)) waiting.Add(queued);
        return waiting;
    }

    /// <summary>Drops items that never started from what is held.</summary>
    public void Forget(IEnumerable<RunningWork> items)
    {
        foreach (var work in items) _held.TryRemove(work, out _);
    }
}
