using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The audit trail: each step writes the event of what it did, with the facts an operator looks
/// for (a retry's error and when it runs again, whose lease expired and what became of the task, a
/// cancel's reason), in its own transaction; a step that changes nothing writes nothing.
/// </summary>
public abstract partial class EngineStepTests
{
    private async Task<IReadOnlyList<JobEvent>> EventsAsync(string jobId, params JobEventKind[] kinds) =>
        await Store.JobEventListAsync(new JobEventListParams(jobId) { Kinds = kinds }, default);

    private static string? Text(JobEvent e, string name) => e.Detail?[name]?.GetValue<string>();

    private static int Number(JobEvent e, string name) => e.Detail![name]!.GetValue<int>();

    [Fact]
    public async Task TaskFail_Transient_WritesTaskRetryingWithItsErrorAndWhenItRunsAgain_Once()
    {
        var (jobId, _) = await PlannedAsync(2);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 1, LongLease), default);
        var item = Assert.Single(claimed);
        var failure = new TaskFailParams(item.TaskId!, "w", item.Attempt, "System.IO.IOException", "disk hiccup", TimeSpan.FromMinutes(2));

        Assert.Equal(TaskFailStatus.RetryScheduled, (await Steps.TaskFailAsync(failure, default)).Status);
        // A second report of the same attempt (a redelivery) changes nothing and records nothing. The task
        // is queued for its retry, so the reporting attempt no longer holds it: not the owner, on every store.
        Assert.Equal(TaskFailStatus.NotOwner, (await Steps.TaskFailAsync(failure, default)).Status);

        var retry = Assert.Single(await EventsAsync(jobId, JobEventKind.TaskRetrying));
        var task = await TaskAsync(jobId, item.TaskId!);
        Assert.Equal((1, item.TaskId, 1, "System.IO.IOException", "disk hiccup", task.MaxAttempts),
            (retry.Stage, Text(retry, "task"), Number(retry, "attempt"), Text(retry, "error_type"), Text(retry, "error"), Number(retry, "max_attempts")));
        Assert.Equal(120, retry.Detail!["retry_in_seconds"]!.GetValue<double>());
        // When it runs again is the store's own due time for the task, to the millisecond.
        Assert.Equal(task.VisibleAt.ToUnixTimeMilliseconds(),
            DateTimeOffset.Parse(Text(retry, "next_attempt_at")!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        Assert.Empty(await EventsAsync(jobId, JobEventKind.TaskFailed));
    }

    [Fact]
    public async Task TaskFail_LongError_TheEventKeepsAShortOneAndTheTaskAllOfIt()
    {
        var (jobId, _) = await PlannedAsync(1);
        var item = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("w", 1, LongLease), default));
        var error = new string('x', 5000);

        await Steps.TaskFailAsync(new TaskFailParams(item.TaskId!, "w", item.Attempt, "Boom", error, TimeSpan.FromMinutes(1)), default);

        var retry = Assert.Single(await EventsAsync(jobId, JobEventKind.TaskRetrying));
        Assert.Equal(Engine.EngineSteps.EventErrorChars, Text(retry, "error")!.Length);
        Assert.Equal(error, (await TaskAsync(jobId, item.TaskId!)).ErrorMessage);
    }

    [Fact]
    public async Task TaskFail_PermanentWithinTolerance_WritesTaskFailedTolerated_ThenBeyondIt_TaskFailedThenFailedWithTheError()
    {
        var (jobId, _) = await PlannedTolerantAsync(4, StageTolerance.Count(1));
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 2, LongLease), default);

        Assert.Equal(TaskFailStatus.FailureTolerated, (await Steps.TaskFailAsync(FailFor(claimed[0], "w"), default)).Status);
        Assert.Equal(TaskFailStatus.JobFailed, (await Steps.TaskFailAsync(FailFor(claimed[1], "w"), default)).Status);

        var events = await EventsAsync(jobId, JobEventKind.TaskFailed, JobEventKind.Failed);
        Assert.Equal([JobEventKind.TaskFailed, JobEventKind.TaskFailed, JobEventKind.Failed], events.Select(e => e.Kind));
        Assert.Equal((claimed[0].TaskId, "error", "PermanentTaskException", $"{claimed[0].TaskId} broke", true),
            (Text(events[0], "task"), Text(events[0], "cause"), Text(events[0], "error_type"), Text(events[0], "error"), events[0].Detail!["tolerated"]!.GetValue<bool>()));
        Assert.Equal((claimed[1].TaskId, false), (Text(events[1], "task"), events[1].Detail!["tolerated"]!.GetValue<bool>()));
        var job = await Client.GetJobAsync(jobId);
        Assert.Equal((job.Error, 2), (Text(events[2], "error"), Number(events[2], "tasks_cancelled")));
        Assert.Null(events[2].Stage);
    }

    [Fact]
    public async Task Janitor_ExpiredLeases_WriteLeaseExpiredNamingTheWorkerTheAttemptAndWhatBecameOfTheTask()
    {
        var (jobId, tasks) = await PlannedTolerantAsync(3, StageTolerance.Count(3), maxAttempts: 2);
        Assert.Equal(3, (await Store.WorkClaimAsync(new WorkClaimParams("lost-worker", 3, TimeSpan.FromMilliseconds(100)), default)).Count);
        await LeasesLapsedAsync(jobId);

        Assert.Equal(3, (await Steps.JanitorRunAsync(default))!.LeasesRescued);
        // Each task runs again once, and is lost again: its last attempt fails it for good.
        var again = await Store.WorkClaimAsync(new WorkClaimParams("lost-again", 3, TimeSpan.FromMilliseconds(100)), default);
        Assert.Equal(3, again.Count);
        await LeasesLapsedAsync(jobId);
        Assert.Equal(3, (await Steps.JanitorRunAsync(default))!.LeasesRescued);

        var expired = (await EventsAsync(jobId, JobEventKind.LeaseExpired)).ToArray();
        Assert.Equal(6, expired.Length);
        Assert.All(expired[..3], e => Assert.Equal(("lost-worker", 1, 2, "requeued", (int?)1), (Text(e, "worker"), Number(e, "attempt"), Number(e, "max_attempts"), Text(e, "outcome"), e.Stage)));
        Assert.All(expired[3..], e => Assert.Equal(("lost-again", 2, "failed"), (Text(e, "worker"), Number(e, "attempt"), Text(e, "outcome"))));
        Assert.Equal(tasks.Select(t => t.TaskId).Order(), expired[..3].Select(e => Text(e, "task")).Order());
        var failed = await EventsAsync(jobId, JobEventKind.TaskFailed);
        Assert.Equal(3, failed.Count);
        Assert.All(failed, e => Assert.Equal(("lease_expired", 2, true), (Text(e, "cause"), Number(e, "attempt"), e.Detail!["tolerated"]!.GetValue<bool>())));
        Assert.All(failed, e => Assert.Contains("lost-again", Text(e, "error")));
    }

    [Fact]
    public async Task JobCancel_WritesCancelledWithItsReasonAndTheTasksItCancelled()
    {
        var (jobId, _) = await PlannedAsync(3);

        await Client.CancelJobAsync(jobId, "maintenance window: tiles re-issued");

        var cancelled = Assert.Single(await EventsAsync(jobId, JobEventKind.Cancelled));
        Assert.Equal(("maintenance window: tiles re-issued", 3), (Text(cancelled, "reason"), Number(cancelled, "tasks_cancelled")));
        // A cancel refused (the job ended) records nothing more.
        await Assert.ThrowsAsync<Errors.GeoConflictException>(() => Client.CancelJobAsync(jobId, "again"));
        Assert.Single(await EventsAsync(jobId, JobEventKind.Cancelled));
    }

    [Fact]
    public async Task JobFinalize_WritesFinalizedWithTheStatusItEndedWith()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        var finalized = Assert.Single(await EventsAsync(job.JobId, JobEventKind.Finalized));
        Assert.Equal(StatusNames.ToName(job.Status), Text(finalized, "status"));
        Assert.Empty(await EventsAsync(job.JobId, JobEventKind.TaskRetrying, JobEventKind.TaskFailed, JobEventKind.LeaseExpired, JobEventKind.Repaired));
    }

    [Fact]
    public async Task Janitor_LostNextStep_WritesRepairedNamingTheStepItGaveBack()
    {
        var (jobId, tasks) = await PlannedAsync(1);
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        await CompleteAllAsync(tasks);
        await Steps.WorkDropAsync(new WorkItem { Kind = WorkKind.PlanStage, JobId = jobId, Stage = 2 }, default);

        await Steps.JanitorRunAsync(default);
        await Steps.JanitorRunAsync(default);

        var repaired = Assert.Single(await EventsAsync(jobId, JobEventKind.Repaired));
        Assert.Equal((2, "plan"), (repaired.Stage, Text(repaired, "step")));
    }
}
