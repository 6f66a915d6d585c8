using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Outbox;

/// <summary>
/// The relay's view of the outbox: what is ready and undispatched (and what was dispatched long ago
/// and never claimed), oldest first, with the database's due times; marking is compare-and-set on
/// the turn; the backlog counts what waits.
/// </summary>
public sealed class OutboxListTests : OutboxSchema
{
    [Fact]
    public async Task List_ReadyFor_LeavesOutWhatBecameReadyMoreRecently()
    {
        await PlannedAsync(tasks: 2);

        Assert.Equal(2, (await ListAsync()).Count);
        Assert.Empty(await ListAsync(readyFor: TimeSpan.FromMinutes(30)));
        // Half an hour later by the store's clock, they have waited long enough.
        await using var later = StoreAhead(TimeSpan.FromHours(1));
        var listed = await ListAsync(readyFor: TimeSpan.FromMinutes(30), outbox: later);
        Assert.Equal(2, listed.Count);
        Assert.All(listed, e => Assert.InRange(e.ReadyFor, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61)));
    }

    [Fact]
    public async Task List_OldestReadyFirst_AndAtMostTheLimit()
    {
        var first = await SubmitAsync();
        var second = await SubmitAsync();
        // The second job's plan item became ready five minutes after the first's; both are ready ten minutes on.
        await ExecuteAsync("UPDATE {schema}.job_work SET visible_at = visible_at + interval '5 minutes' WHERE job_id = @id", ("id", second));
        await using var later = StoreAhead(TimeSpan.FromMinutes(10));

        var listed = await ListAsync(outbox: later);
        Assert.Equal([first, second], listed.Select(e => e.Attempt.JobId));
        Assert.True(listed[0].ReadyFor > listed[1].ReadyFor);

        var limited = await ListAsync(limit: 1, outbox: later);
        Assert.Equal(first, Assert.Single(limited).Attempt.JobId);
    }

    [Fact]
    public async Task List_AScheduledRetry_IsListedAtOnceWithItsDueIn()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();
        await Steps.TaskFailAsync(new TaskFailParams(task.TaskId!, "w", task.Attempt, "Boom", "later", TimeSpan.FromHours(1)), default);

        var entry = Assert.Single(await ListAsync());

        Assert.Equal(TaskAttempt(task, turn: 2), entry.Attempt);
        Assert.InRange(entry.DueIn, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.True(entry.ReadyFor < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task List_WorkDueNow_HasNoDueIn()
    {
        await PlannedAsync(tasks: 1);

        Assert.Equal(TimeSpan.Zero, Assert.Single(await ListAsync()).DueIn);
    }

    [Fact]
    public async Task List_StrandedAfter_ListsDispatchedUnclaimedAttemptsSentLongerAgo()
    {
        await PlannedAsync(tasks: 1);
        var other = await SubmitAsync();
        var sent = (await ListAsync()).Select(e => e.Attempt).ToList();
        Assert.Equal(2, await Outbox.OutboxMarkAsync(new OutboxMarkParams(sent), default));
        Assert.Empty(await ListAsync());
        await using var later = StoreAhead(TimeSpan.FromHours(2));

        Assert.Empty(await ListAsync(outbox: later));
        Assert.Empty(await ListAsync(strandedAfter: TimeSpan.FromHours(3), outbox: later));
        var stranded = await ListAsync(strandedAfter: TimeSpan.FromHours(1), outbox: later);

        Assert.Equal(sent.OrderBy(a => a.JobId == other ? 0 : 1), stranded.Select(e => e.Attempt).OrderBy(a => a.JobId == other ? 0 : 1));
        Assert.All(stranded, e => Assert.InRange(e.ReadyFor, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121)));
        // Sent again, it waits again.
        Assert.Equal(2, await ((IGeoStoreOutbox)later).OutboxMarkAsync(new OutboxMarkParams(sent), default));
        Assert.Empty(await ListAsync(strandedAfter: TimeSpan.FromHours(1), outbox: later));
    }

    [Fact]
    public async Task List_ControlItemWhoseLeaseExpired_IsReadyAtItsNextTurn()
    {
        var jobId = await SubmitAsync();
        Assert.Single(await ClaimAsync(lease: TimeSpan.FromSeconds(30)));
        Assert.Empty(await ListAsync());

        await using var later = StoreAhead(TimeSpan.FromHours(1));

        var entry = Assert.Single(await ListAsync(outbox: later));
        Assert.Equal(new WorkAttempt(WorkKind.PlanStage, jobId, 1, null, 2), entry.Attempt);
    }

    [Fact]
    public async Task Mark_CurrentTurn_TakesItOutOfTheOutbox()
    {
        await PlannedAsync(tasks: 2);
        var listed = await ListAsync();

        Assert.Equal(1, await Outbox.OutboxMarkAsync(new OutboxMarkParams([listed[0].Attempt]), default));

        Assert.Equal(listed[1].Attempt, Assert.Single(await ListAsync()).Attempt);
    }

    [Fact]
    public async Task Mark_IsCompareAndSetOnTheTurn()
    {
        var jobId = await PlannedAsync(tasks: 1);
        var plan = new WorkAttempt(WorkKind.PlanStage, await SubmitAsync(), 1, null, 1);
        var first = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt;
        var task = (await ClaimAsync(limit: 10)).Single(i => i.Kind == WorkKind.RunTask);

        // Claimed (the plan item too): neither is marked.
        Assert.Equal(0, await Outbox.OutboxMarkAsync(new OutboxMarkParams([first, plan]), default));
        await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(task.TaskId!, task.Attempt)]), default);
        // Handed back: turn 1 has passed, turn 2 is current.
        Assert.Equal(0, await Outbox.OutboxMarkAsync(new OutboxMarkParams([first]), default));
        Assert.Equal(1, await Outbox.OutboxMarkAsync(new OutboxMarkParams([first with { Turn = 2 }]), default));
        Assert.DoesNotContain(await ListAsync(), e => e.Attempt.JobId == jobId);
    }

    [Fact]
    public async Task Backlog_CountsWhatWaitsUndispatched_PerJobOrInAll()
    {
        var jobId = await PlannedAsync(tasks: 3);
        var other = await SubmitAsync();

        var all = await Outbox.OutboxBacklogAsync(new OutboxBacklogParams(null), default);
        var job = await Outbox.OutboxBacklogAsync(new OutboxBacklogParams(jobId), default);

        Assert.Equal(4, all.Undispatched);
        Assert.NotNull(all.OldestReadyFor);
        Assert.Equal(3, job.Undispatched);
        Assert.Equal(1, (await Outbox.OutboxBacklogAsync(new OutboxBacklogParams(other), default)).Undispatched);

        await Outbox.OutboxMarkAsync(new OutboxMarkParams((await ListAsync()).Select(e => e.Attempt).ToList()), default);

        Assert.Equal(new OutboxBacklog(0, null), await Outbox.OutboxBacklogAsync(new OutboxBacklogParams(null), default));
    }

    [Fact]
    public async Task Backlog_LeavesOutARetryNotYetDue()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();
        await Steps.TaskFailAsync(new TaskFailParams(task.TaskId!, "w", task.Attempt, "Boom", "later", TimeSpan.FromHours(1)), default);

        Assert.Equal(0, (await Outbox.OutboxBacklogAsync(new OutboxBacklogParams(null), default)).Undispatched);
        await using var later = StoreAhead(TimeSpan.FromHours(2));
        Assert.Equal(1, (await ((IGeoStoreOutbox)later).OutboxBacklogAsync(new OutboxBacklogParams(null), default)).Undispatched);
    }

    [Fact]
    public async Task List_BadParameters_AreRefusedNamingTheField()
    {
        var limit = await Assert.ThrowsAsync<Errors.GeoValidationException>(() => ListAsync(limit: 0));
        var ready = await Assert.ThrowsAsync<Errors.GeoValidationException>(() => ListAsync(readyFor: TimeSpan.FromSeconds(-1)));

        Assert.Contains("'limit'", limit.Message);
        Assert.Contains("'ready_for'", ready.Message);
    }
}
