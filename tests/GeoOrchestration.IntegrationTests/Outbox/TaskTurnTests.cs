using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Outbox;

/// <summary>
/// A task's turn (migration 0018) rises on every transition into queued, whichever statement makes
/// it, and only then: a claim, a heartbeat or a completion leaves it. A new turn is undispatched
/// again whatever was dispatched before, so the relay sends it as a new message.
/// </summary>
public sealed class TaskTurnTests : OutboxSchema
{
    [Fact]
    public async Task Plan_SmallStage_InsertsTasksAtTurnOneUndispatched()
    {
        var jobId = await PlannedAsync(tasks: 3);

        var listed = (await ListAsync()).Where(e => e.Attempt.Kind == WorkKind.RunTask).ToList();
        Assert.Equal(3, listed.Count);
        Assert.All(listed, e => Assert.Equal((jobId, 1, 1), (e.Attempt.JobId, e.Attempt.Stage, e.Attempt.Turn)));
    }

    [Fact]
    public async Task Plan_StageWrittenByCopy_InsertsTasksAtTurnOneUndispatched()
    {
        // More than the COPY threshold (500): the rows come from the column defaults.
        await PlannedAsync(tasks: 600);

        var listed = (await ListAsync(limit: 1000)).Where(e => e.Attempt.Kind == WorkKind.RunTask).ToList();
        Assert.Equal(600, listed.Count);
        Assert.All(listed, e => Assert.Equal(1, e.Attempt.Turn));
    }

    [Fact]
    public async Task ClaimHeartbeatAndCompletion_LeaveTheTurn()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();
        Assert.Equal(1, await TurnAsync(task.TaskId!));

        await Store.LeaseRenewAsync(new LeaseRenewParams("w", [new TaskHeartbeat(task.TaskId!, task.Attempt, 50, "half")], LongLease), default);
        Assert.Equal(1, await TurnAsync(task.TaskId!));
        await Steps.TaskCompleteAsync(new TaskCompleteParams(task.TaskId!, null), default);
        Assert.Equal(1, await TurnAsync(task.TaskId!));
    }

    [Fact]
    public async Task RetryScheduled_RaisesTheTurn()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();

        var outcome = await Steps.TaskFailAsync(new TaskFailParams(task.TaskId!, "w", task.Attempt, "Boom", "again", TimeSpan.FromMinutes(10)), default);

        Assert.Equal(TaskFailStatus.RetryScheduled, outcome.Status);
        Assert.Equal(2, await TurnAsync(task.TaskId!));
    }

    [Fact]
    public async Task HandBack_RaisesTheTurn()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();

        Assert.Equal(1, await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(task.TaskId!, task.Attempt)]), default));

        Assert.Equal(2, await TurnAsync(task.TaskId!));
    }

    [Fact]
    public async Task ClaimBeyondItsLimit_TasksHandedBackStraightAway_RaiseTheTurn()
    {
        // WorkClaim claims control work and tasks together and hands back the tasks beyond its limit.
        await PlannedAsync(tasks: 2);
        await SubmitAsync();

        var claimed = await ClaimAsync(limit: 2);

        Assert.Equal(WorkKind.PlanStage, claimed[0].Kind);
        var tasks = (await ListAsync()).Where(e => e.Attempt.Kind == WorkKind.RunTask).ToList();
        var handedBack = Assert.Single(tasks);
        Assert.Equal(2, handedBack.Attempt.Turn);
    }

    [Fact]
    public async Task CancelOfATaskWhoseJobWasRetried_RequeuesItAtANewTurn()
    {
        var jobId = await PlannedAsync(tasks: 2);
        var task = (await ClaimAsync(limit: 1)).Single();
        await Steps.JobCancelAsync(jobId, "test", default);
        await Steps.JobRetryAsync(jobId, default);

        Assert.Equal(TaskCancelStatus.Requeued, await Steps.TaskCancelAsync(new TaskCancelParams(task.TaskId!, "w", task.Attempt), default));

        Assert.Equal(2, await TurnAsync(task.TaskId!));
    }

    [Fact]
    public async Task ExpiredLeaseRescued_RaisesTheTurn()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync(lease: TimeSpan.FromSeconds(30))).Single();
        await using var later = StoreAhead(TimeSpan.FromHours(1));

        var report = await new Engine.EngineSteps(later).JanitorRunAsync(default);

        Assert.Equal(1, report!.LeasesRescued);
        Assert.Equal(2, await TurnAsync(task.TaskId!));
    }

    [Fact]
    public async Task JobRetry_RequeuesFailedAndCancelledTasksAtANewTurn()
    {
        var jobId = await PlannedAsync(tasks: 2);
        var failing = (await ClaimAsync(limit: 1)).Single();
        var other = $"{jobId[..16]}-s1-t{(failing.TaskId!.EndsWith("t0", StringComparison.Ordinal) ? 1 : 0)}";
        // Failing for good fails the job and cancels the queued task.
        var outcome = await Steps.TaskFailAsync(new TaskFailParams(failing.TaskId!, "w", failing.Attempt, "Boom", "for good", null), default);
        Assert.Equal(TaskFailStatus.JobFailed, outcome.Status);
        Assert.Equal(1, await TurnAsync(failing.TaskId!));
        Assert.Equal(1, await TurnAsync(other));

        await Steps.JobRetryAsync(jobId, default);

        Assert.Equal(2, await TurnAsync(failing.TaskId!));
        Assert.Equal(2, await TurnAsync(other));
    }

    [Fact]
    public async Task StageReopenedByARetryOfAJobCompletedWithErrors_RequeuesItsFailedTaskAtANewTurn()
    {
        var jobId = await SubmitAsync("test_tolerant", new JsonObject { ["tasks"] = 2, ["failing"] = 1, ["max_failed"] = 1 });
        var job = await TestWorkers.RunUntilTerminalAsync(Fixture.Client, jobId, [Fixture.CreateWorker()]);
        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var failed = $"{jobId[..16]}-s1-t0";
        var turn = await TurnAsync(failed);

        await Steps.JobRetryAsync(jobId, default);

        Assert.Equal(turn + 1, await TurnAsync(failed));
    }

    [Fact]
    public async Task PendingTaskReleased_RaisesTheTurn()
    {
        // PostgreSQL plans in one transaction; a store that writes tasks pending first (chunked
        // planning) releases them later, and the trigger gives that release a turn too.
        await PlannedAsync(tasks: 1);
        var task = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt.TaskId!;
        await ExecuteAsync("UPDATE {schema}.tasks SET status = 'pending' WHERE task_id = @id", ("id", task));
        Assert.Equal(1, await TurnAsync(task));

        await ExecuteAsync("UPDATE {schema}.tasks SET status = 'queued' WHERE task_id = @id", ("id", task));

        Assert.Equal(2, await TurnAsync(task));
    }

    [Fact]
    public async Task NewTurn_OfADispatchedTask_IsUndispatchedAgain()
    {
        await PlannedAsync(tasks: 1);
        var attempt = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;
        Assert.Equal(1, await Outbox.OutboxMarkAsync(new OutboxMarkParams([attempt]), default));
        Assert.DoesNotContain(await ListAsync(), e => e.Attempt.TaskId == attempt.TaskId);
        var task = (await ClaimAsync()).Single();

        await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(task.TaskId!, task.Attempt)]), default);

        Assert.Equal(attempt with { Turn = 2 }, (await ListAsync()).Single(e => e.Attempt.TaskId == attempt.TaskId).Attempt);
    }
}
