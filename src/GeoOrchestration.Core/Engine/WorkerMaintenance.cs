using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// A worker's background duties: renew the leases of the tasks it runs (every third of a lease,
/// one statement for all of them), store the progress handlers report (within a second, at most
/// once a second per task: a renewal of just those tasks) and, every janitor interval, offer to be
/// the janitor; the worker that takes the janitor's round also takes the transport's (its sweep) and
/// removes lost workers from the worker registry. Each lease-renewal tick also heartbeats the worker's
/// registry row (<see cref="WorkerRegistration"/>): one statement per tick, held work or not.
/// </summary>
internal sealed class WorkerMaintenance(Worker worker, IGeoStore store, EngineSteps steps, IWorkTransport transport, WorkerOptions options,
    TimeProvider time, ILogger logger, WorkerPulse pulse)
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var renewal = options.Lease / WorkerTuning.RenewalsPerLease;
        var heartbeat = LoopAsync(renewal, HeartbeatAsync, cancellationToken);
        // Without this, progress reached the store only with a heartbeat (see WorkerTuning.ProgressInterval).
        var progress = renewal > WorkerTuning.ProgressInterval
            ? LoopAsync(WorkerTuning.ProgressInterval, ProgressAsync, cancellationToken) : Task.CompletedTask;
        var janitor = options.RunJanitor ? LoopAsync(options.JanitorInterval, JanitorAsync, cancellationToken) : Task.CompletedTask;
        // Retention on a loop of its own: a long pass never delays a janitor round (EngineSteps.Retention.cs).
        var prune = options.RunJanitor ? LoopAsync(options.PruneInterval, PruneAsync, cancellationToken) : Task.CompletedTask;
        return Task.WhenAll(heartbeat, progress, janitor, prune);
    }

    private async Task LoopAsync(TimeSpan interval, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        // A year-long lease or janitor interval is allowed; a timer's period is not (~49.7 days at most).
        using var timer = new PeriodicTimer(interval < TimerLimit.Longest ? interval : TimerLimit.Longest, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                pulse.MaintenanceTurned();
                try
                {
                    await step(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    pulse.StoreCallFailed(e);
                    logger.LogWarning(e, "Worker maintenance step failed; trying again next interval");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var all = worker.Running.ToList();
        var held = all.Where(w => w.Reason == StopReason.None).ToList();
        var running = held.Where(w => w.Item.Kind == WorkKind.RunTask).ToList();
        var control = held.Where(w => w.Item.Kind != WorkKind.RunTask).Select(w => w.Item).ToList();
        if (held.Count > 0) await RenewAsync(running, control, cancellationToken);
        // After the leases, which matter more: the registry is for people, leases keep work safe.
        await worker.Registration.HeartbeatAsync(all.Count, pulse.Stopping, cancellationToken);
        pulse.StoreCallSucceeded();
    }

    /// <summary>Stores the progress reported since the last store, renewing those tasks' leases with it (a heartbeat of just them).</summary>
    private Task ProgressAsync(CancellationToken cancellationToken)
    {
        var reported = worker.Running.Where(w => w.Reason == StopReason.None && w.Item.Kind == WorkKind.RunTask && w.HasNewProgress).ToList();
        return reported.Count == 0 ? Task.CompletedTask : RenewAsync(reported, [], cancellationToken);
    }

    private async Task RenewAsync(List<RunningWork> running, List<WorkItem> control, CancellationToken cancellationToken)
    {
        var renewed = (await store.LeaseRenewAsync(
                new LeaseRenewParams(options.WorkerId, running.Select(w => w.Heartbeat()).ToList(), options.Lease, control), cancellationToken))
            .ToDictionary(r => r.TaskId, r => r.JobStatus, StringComparer.Ordinal);
        pulse.StoreCallSucceeded();
        foreach (var work in running)
        {
            if (!renewed.TryGetValue(work.Item.TaskId!, out var jobStatus))
            {
                // Finished meanwhile, or another worker took it over: either way this run is no longer the task's.
                if (!work.Completion.IsCompleted) work.Stop(StopReason.LeaseLost);
            }
            else if (jobStatus.IsTerminal())
            {
                work.Stop(StopReason.JobEnded);
            }
        }
    }

    private async Task JanitorAsync(CancellationToken cancellationToken)
    {
        // Null: another worker's round held the lock, and that worker sweeps too (one sweeper at a time).
        var round = await steps.JanitorRunAsync(cancellationToken);
        pulse.StoreCallSucceeded();
        if (round is not { } r) return;
        if ((r.LeasesRescued | r.TasksTimedOut | r.JobsTimedOut | r.JobsRepaired | r.JobsFailed) != 0)
            logger.LogInformation(
                "Janitor: {Rescued} expired lease(s) returned, {TaskTimeouts} task timeout(s), {JobTimeouts} job timeout(s), {Repaired} job(s) repaired, {Failed} job(s) failed",
                r.LeasesRescued, r.TasksTimedOut, r.JobsTimedOut, r.JobsRepaired, r.JobsFailed);
        // After the round's commit: what it requeued or repaired is ready, and the sweep sends what waits undispatched.
        await transport.SweepAsync(cancellationToken);
        // Workers that died without deregistering (their heartbeats stopped past their expiry).
        await worker.Registration.ExpireAsync(cancellationToken);
    }

    /// <summary>Applies the store's retention policy: one pass, in small batches; another worker's pass going on ends it at once.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var pass = await steps.PruneAsync(new PruneRequest { Time = time }, cancellationToken);
        pulse.StoreCallSucceeded();
        if (pass.Jobs != 0 || pass.Tasks != 0)
            logger.LogInformation("Retention: {Jobs} job(s), {Tasks} task(s) removed in {Batches} batch(es), {Seconds:0.0} s (longest batch {Longest:0} ms)",
                pass.Jobs, pass.Tasks, pass.Batches, pass.Elapsed.TotalSeconds, pass.LongestBatch.TotalMilliseconds);
    }
}
