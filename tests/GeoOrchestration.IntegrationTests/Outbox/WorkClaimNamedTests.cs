using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Outbox;

/// <summary>
/// A worker that received a message claims exactly the attempt it names: the same lease as any
/// claim, compare-and-set on the turn, so a duplicate or stale message claims nothing.
/// </summary>
public sealed class WorkClaimNamedTests : OutboxSchema
{
    [Fact]
    public async Task ClaimNamed_CurrentTaskAttempt_TakesItUnderALease()
    {
        await PlannedAsync(tasks: 2);
        var attempt = (await ListAsync()).First(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;

        var claimed = Assert.Single(await ClaimNamedAsync(attempt));

        Assert.Equal((WorkKind.RunTask, attempt.TaskId, 1, JobStatus.Processing), (claimed.Kind, claimed.TaskId, claimed.Attempt, claimed.JobStatus));
        Assert.Equal("test_echo", claimed.TaskType);
        var record = await Store.TaskGetAsync(new TaskGetParams(attempt.TaskId!), default);
        Assert.Equal((TaskRecordStatus.Processing, "named"), (record!.Status, record.LeaseOwner));
        // The other task is untouched.
        Assert.Single(await ListAsync(), e => e.Attempt.Kind == WorkKind.RunTask);
    }

    [Fact]
    public async Task ClaimNamed_TheSameAttemptTwiceAtOnce_OneClaimWins()
    {
        await PlannedAsync(tasks: 1);
        var attempt = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;
        await using var other = Fixture.CreateStore();

        var both = await Task.WhenAll(
            Outbox.WorkClaimNamedAsync(new WorkClaimNamedParams("a", [attempt], LongLease), default),
            ((IGeoStoreOutbox)other).WorkClaimNamedAsync(new WorkClaimNamedParams("b", [attempt], LongLease), default));

        Assert.Equal(1, both.Sum(o => o.Count));
        Assert.Equal(1, (await Store.TaskGetAsync(new TaskGetParams(attempt.TaskId!), default))!.Attempts);
    }

    [Fact]
    public async Task ClaimNamed_AStaleTurn_ClaimsNothing_TheCurrentOneClaims()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();
        await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(task.TaskId!, task.Attempt)]), default);

        Assert.Empty(await ClaimNamedAsync(TaskAttempt(task, turn: 1)));
        Assert.Single(await ClaimNamedAsync(TaskAttempt(task, turn: 2)));
    }

    [Fact]
    public async Task ClaimNamed_ADoneTask_ClaimsNothing()
    {
        await PlannedAsync(tasks: 1);
        var attempt = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;
        var task = Assert.Single(await ClaimNamedAsync(attempt));
        await Steps.TaskCompleteAsync(new TaskCompleteParams(task.TaskId!, null), default);

        Assert.Empty(await ClaimNamedAsync(attempt));
    }

    [Fact]
    public async Task ClaimNamed_ATaskRunningUnderAnotherClaim_ClaimsNothing()
    {
        await PlannedAsync(tasks: 1);
        var attempt = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;
        Assert.Single(await ClaimAsync());

        Assert.Empty(await ClaimNamedAsync(attempt));
    }

    [Fact]
    public async Task ClaimNamed_AScheduledRetryBeforeItIsDue_ClaimsIt()
    {
        // The message was scheduled for the due time: its delivery was the wait.
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();
        await Steps.TaskFailAsync(new TaskFailParams(task.TaskId!, "w", task.Attempt, "Boom", "later", TimeSpan.FromHours(1)), default);
        Assert.Empty(await ClaimAsync());

        var retried = Assert.Single(await ClaimNamedAsync(TaskAttempt(task, turn: 2)));

        Assert.Equal(2, retried.Attempt);
    }

    [Fact]
    public async Task ClaimNamed_ATaskOfAJobThatEnded_ReturnsTheJobStatus()
    {
        // A job ending cancels its queued tasks in the same transaction; a claim racing it sees the
        // job's status, as any claim does, and the worker drops the task. The race, made to stand still:
        var jobId = await PlannedAsync(tasks: 1);
        var attempt = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;
        await ExecuteAsync("UPDATE {schema}.jobs SET status = 'cancelled', completed_at = now() WHERE job_id = @id", ("id", jobId));

        var claimed = Assert.Single(await ClaimNamedAsync(attempt));

        Assert.Equal(JobStatus.Cancelled, claimed.JobStatus);
    }

    [Fact]
    public async Task ClaimNamed_ControlItemAtItsTurn_TakesIt_ThenNotAgain()
    {
        var jobId = await SubmitAsync();
        var plan = new WorkAttempt(WorkKind.PlanStage, jobId, 1, null, 1);

        var claimed = Assert.Single(await ClaimNamedAsync(plan));

        Assert.Equal((WorkKind.PlanStage, jobId, 1, "test_wide", JobStatus.Queued), (claimed.Kind, claimed.JobId, claimed.Attempt, claimed.JobType, claimed.JobStatus));
        Assert.Empty(await ClaimNamedAsync(plan));
    }

    [Fact]
    public async Task ClaimNamed_ALeasedControlItem_ClaimsNothing_UntilItsLeaseExpires()
    {
        var jobId = await SubmitAsync();
        Assert.Single(await ClaimAsync(lease: TimeSpan.FromSeconds(30)));
        var next = new WorkAttempt(WorkKind.PlanStage, jobId, 1, null, 2);

        Assert.Empty(await ClaimNamedAsync(next));

        // Its lease expired: the next turn is ready, and claimable by name.
        await using var later = StoreAhead(TimeSpan.FromHours(1));
        var claimed = Assert.Single(await ((IGeoStoreOutbox)later).WorkClaimNamedAsync(new WorkClaimNamedParams("named", [next], LongLease), default));
        Assert.Equal(2, claimed.Attempt);
    }

    [Fact]
    public async Task ClaimNamed_ControlAndTasks_ReturnsControlWorkFirst()
    {
        var planned = await PlannedAsync(tasks: 1);
        var task = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;
        var other = await SubmitAsync();

        var claimed = await ClaimNamedAsync(task, new WorkAttempt(WorkKind.PlanStage, other, 1, null, 1));

        Assert.Equal([(WorkKind.PlanStage, other), (WorkKind.RunTask, planned)], claimed.Select(c => (c.Kind, c.JobId)));
        Assert.Null(claimed.NextDue);
    }
}
