using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>
/// A work item this worker is running: its own cancellation (so one handler can be stopped without
/// the others) and the progress its handler reported, which the next heartbeat stores.
/// </summary>
internal sealed class RunningWork(WorkItem item) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private int _reason;
    private (double? Percent, string? Message, bool Dirty) _progress;
    private ITimer? _timeout;

    public WorkItem Item { get; } = item;
    public CancellationToken Token => _cancellation.Token;
    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Cancels the handler; the first reason given wins.</summary>
    public void Stop(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) != (int)StopReason.None) return;
        try { _cancellation.Cancel(); }
        catch (ObjectDisposedException) { /* finished meanwhile */ }
    }

    /// <remarks>
    /// A timeout longer than any timer can wait sets none: the janitor's check against the
    /// database clock stops such a task all the same.
    /// </remarks>
    public void StopAfter(TimeSpan timeout, TimeProvider time)
    {
        if (timeout <= TimerLimit.Longest)
            _timeout = time.CreateTimer(_ => Stop(StopReason.TimedOut), null, timeout, Timeout.InfiniteTimeSpan);
    }

    public void ReportProgress(double? percent, string? message)
    {
        lock (_cancellation) _progress = (percent, message, true);
    }

    /// <summary>Whether the handler reported progress that no heartbeat has stored yet.</summary>
    public bool HasNewProgress
    {
        get { lock (_cancellation) return _progress.Dirty; }
    }

    /// <summary>The progress reported since the last heartbeat, if any.</summary>
    public TaskHeartbeat Heartbeat()
    {
        lock (_cancellation)
        {
            var (percent, message, dirty) = _progress;
            _progress.Dirty = false;
            return dirty ? new TaskHeartbeat(Item.TaskId!, Item.Attempt, percent, message) : new TaskHeartbeat(Item.TaskId!, Item.Attempt, null, null);
        }
    }

    public void Dispose()
    {
        _timeout?.Dispose();
        _cancellation.Dispose();
    }
}
