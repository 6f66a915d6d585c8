using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// A worker's graceful stop: no item starts any more, running handlers get
/// <see cref="WorkerOptions.ShutdownGrace"/> to finish, then they are stopped, and every task the
/// worker still holds (stopped, never started, or left behind by a handler that ignores its token)
/// is handed back to the queue without counting its attempt.
/// </summary>
internal sealed class WorkerShutdown(EngineSteps steps, WorkDispatch dispatch, WorkerOptions options, TimeProvider time, ILogger logger)
{
    /// <param name="endGrace">Ends the grace at once: running handlers are stopped without waiting for them.</param>
    public async Task RunAsync(CancellationToken endGrace)
    {
        // Items still waiting for a slot never start: they are handed back with the unfinished ones.
        var waiting = dispatch.Stop();
        var running = dispatch.Held.Except(waiting).ToList();
        var stopped = new List<RunningWork>();
        if (!await Finished(Task.WhenAll(running.Select(w => w.Completion)), options.ShutdownGrace, endGrace))
        {
            stopped.AddRange(running.Where(w => !w.Completion.IsCompleted));
            logger.LogWarning("{Why}: stopping {Count} running item(s) and handing their tasks back",
                endGrace.IsCancellationRequested ? "No time for the grace period" : "Grace period over", stopped.Count);
            foreach (var work in stopped) work.Stop(StopReason.Shutdown);
            // Handlers that ignore their token are left behind; their tasks are released all the same.
            await Finished(Task.WhenAll(running.Select(w => w.Completion)), WorkerTuning.StoppedHandlerWait, CancellationToken.None);
        }
        dispatch.Forget(waiting);
        var unfinished = stopped.Concat(waiting).Concat(dispatch.Held).Distinct().ToList();
        foreach (var work in waiting) work.Dispose();
        if (unfinished.Count == 0) return;
        var taskIds = unfinished.Where(w => w.Item.Kind == WorkKind.RunTask).Select(w => new TaskAttempt(w.Item.TaskId!, w.Item.Attempt)).ToList();
        try
        {
            var released = await steps.TaskReleaseAsync(new TaskReleaseParams(options.WorkerId, taskIds), CancellationToken.None);
            logger.LogInformation("Handed back {Count} task(s): they are queued again, their attempts not counted", released);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Releasing {Count} task(s) failed; they return when their leases expire", taskIds.Count);
        }
    }

    /// <summary>
    /// The end of a worker whose id another process took over: nothing more starts, running handlers are stopped at once
    /// as having lost their leases (nothing is reported for them), and nothing is handed back: the leases it held have
    /// lapsed and may be the new holder's, which shares its worker id, so a release could hand back that one's work.
    /// </summary>
    public async Task AbandonAsync()
    {
        var waiting = dispatch.Stop();
        dispatch.Forget(waiting);
        foreach (var work in waiting) work.Dispose();
        var running = dispatch.Held.ToList();
        foreach (var work in running) work.Stop(StopReason.LeaseLost);
        if (running.Count + waiting.Count > 0)
            logger.LogWarning("Worker {WorkerId} stopped {Count} item(s) it held without reporting or handing them back: their leases are another process's now, or the janitor's",
                options.WorkerId, running.Count + waiting.Count);
        await Finished(Task.WhenAll(running.Select(w => w.Completion)), WorkerTuning.StoppedHandlerWait, CancellationToken.None);
    }

    /// <summary>Whether <paramref name="task"/> finished within <paramref name="within"/>, unless <paramref name="giveUp"/> fires first.</summary>
    private async Task<bool> Finished(Task task, TimeSpan within, CancellationToken giveUp)
    {
        if (task.IsCompleted) return true;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(giveUp);
        var timeout = Task.Delay(TimerLimit.OrInfinite(within), time, stop.Token);
        var finished = await Task.WhenAny(task, timeout) == task;
        await stop.CancelAsync();
        return finished;
    }
}
