using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A job's tasks are listed page by page in stage and plan order (keyset paging: a page starts
/// after the last task of the one before), optionally of one stage and one status, at most a limit:
/// the store's share of a listing that runs in constant memory however large the job.
/// </summary>
public abstract partial class StoreQueryTests
{
    /// <summary>
    /// Stage 1 of six tasks in a mix of statuses, by plan place: t0 queued (handed back), t1 completed,
    /// t2 queued (a retry due later), t3 processing, t4 completed, t5 processing.
    /// </summary>
    private async Task<(string JobId, List<string> TaskIds)> MixedStatusesAsync()
    {
        var (jobId, tasks) = await PlannedAsync(6);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 6, LongLease), default);
        Assert.Equal(6, claimed.Count);
        var ids = tasks.Select(t => t.TaskId).ToList();
        await Steps.TaskCompleteAsync(new TaskCompleteParams(ids[1], new JsonObject()), default);
        await Steps.TaskCompleteAsync(new TaskCompleteParams(ids[4], new JsonObject()), default);
        await Steps.TaskFailAsync(new TaskFailParams(ids[2], "w", 1, "System.IO.IOException", "flaky", TimeSpan.FromHours(1)), default);
        await Store.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(ids[0], 1)]), default);
        return (jobId, ids);
    }

    private async Task<List<string>> ListIdsAsync(TaskListParams parameters) =>
        (await Store.TaskListAsync(parameters, default)).Select(t => t.TaskId).ToList();

    [Fact]
    public async Task TaskList_TasksInMixedStatuses_ComeInPlanOrder_PageByPageFromTheCursor_ByStatus_UpToTheLimit()
    {
        var (jobId, ids) = await MixedStatusesAsync();

        var all = await Store.TaskListAsync(new TaskListParams(jobId), default);
        var pages = new List<List<string>>();
        TaskListCursor? after = null;
        while (true)
        {
            var page = await Store.TaskListAsync(new TaskListParams(jobId, Limit: 4, After: after), default);
            if (page.Count == 0) break;
            pages.Add(page.Select(t => t.TaskId).ToList());
            after = TaskListCursor.Of(page[^1]);
        }

        Assert.Equal(ids, all.Select(t => t.TaskId));
        Assert.Equal([0, 1, 2, 3, 4, 5], all.Select(t => t.Ordinal));
        Assert.Equal(
            [TaskRecordStatus.Queued, TaskRecordStatus.Completed, TaskRecordStatus.Queued, TaskRecordStatus.Processing, TaskRecordStatus.Completed, TaskRecordStatus.Processing],
            all.Select(t => t.Status));
        // Every task once, in order, pages of at most the limit; the page after the last is empty.
        Assert.Equal([ids[..4], ids[4..]], pages);
        Assert.Equal([ids[0], ids[2]], await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Queued)));
        Assert.Equal([ids[3], ids[5]], await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Processing)));
        Assert.Equal([ids[4]], await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Completed, After: new TaskListCursor(1, 1))));
        Assert.Equal([ids[2]], await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Queued, Limit: 1, After: new TaskListCursor(1, 0))));
        Assert.Empty(await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Failed)));
        Assert.Equal([ids[0]], await ListIdsAsync(new TaskListParams(jobId, Limit: 1)));
        Assert.Empty(await ListIdsAsync(new TaskListParams(jobId, After: TaskListCursor.Of(all[^1]))));
        Assert.Empty(await ListIdsAsync(new TaskListParams(jobId, Stage: 2)));
        Assert.Empty(await ListIdsAsync(new TaskListParams(new string('f', 64))));
    }

    [Fact]
    public async Task TaskList_SeveralStages_StageAndCursorBoundThePage_AndCancelledTasksFilterByTheirStatus()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["stages"] = 3, ["label"] = Guid.NewGuid().ToString("N") });
        var jobId = submission.Job.JobId;
        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(jobId)).Status);
        var (cancelled, cancelledIds) = await MixedStatusesAsync();
        await Client.CancelJobAsync(cancelled);

        var all = await Store.TaskListAsync(new TaskListParams(jobId), default);
        string Id(int stage, int ordinal) => Assert.Single(all, t => t.Stage == stage && t.Ordinal == ordinal).TaskId;

        Assert.Equal([1, 1, 1, 2, 2, 2, 3, 3, 3], all.Select(t => t.Stage));
        Assert.Equal([Id(2, 0), Id(2, 1), Id(2, 2)], await ListIdsAsync(new TaskListParams(jobId, Stage: 2)));
        // A cursor before the stage starts the page at the stage; one inside it continues there; the stage ends the page.
        Assert.Equal([Id(2, 0)], await ListIdsAsync(new TaskListParams(jobId, Stage: 2, Limit: 1, After: new TaskListCursor(1, 0))));
        Assert.Equal([Id(2, 2)], await ListIdsAsync(new TaskListParams(jobId, Stage: 2, After: new TaskListCursor(2, 1))));
        Assert.Empty(await ListIdsAsync(new TaskListParams(jobId, Stage: 2, After: new TaskListCursor(2, 2))));
        // Across the stage boundary, by status, up to the limit.
        Assert.Equal([Id(1, 2), Id(2, 0), Id(2, 1)], await ListIdsAsync(new TaskListParams(jobId, Limit: 3, Status: TaskRecordStatus.Completed, After: new TaskListCursor(1, 1))));
        Assert.Empty(await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Queued)));
        // The cancelled job: its queued tasks were cancelled, its processing ones run on.
        Assert.Equal([cancelledIds[0], cancelledIds[2]], await ListIdsAsync(new TaskListParams(cancelled, Status: TaskRecordStatus.Cancelled)));
        Assert.Equal([cancelledIds[3], cancelledIds[5]], await ListIdsAsync(new TaskListParams(cancelled, Status: TaskRecordStatus.Processing)));
    }

    [Fact]
    public async Task TaskGet_ATaskId_GivesTheTaskWithItsPlace_NullForNone()
    {
        var (jobId, ids) = await MixedStatusesAsync();

        var task = await Store.TaskGetAsync(new TaskGetParams(ids[3]), default);

        Assert.NotNull(task);
        Assert.Equal((jobId, 1, 3, "t3", TaskRecordStatus.Processing, "w"), (task.JobId, task.Stage, task.Ordinal, task.TaskKey, task.Status, task.LeaseOwner));
        Assert.Null(await Store.TaskGetAsync(new TaskGetParams(TaskId(jobId, 1, "t9")), default));
    }

    [Fact]
    public async Task EnumerateTasks_PagesOfTheClient_FirstAfterAndStatuses_AndACursorOfAnotherJobIsRefused()
    {
        var (jobId, ids) = await MixedStatusesAsync();
        var (other, otherIds) = await PlannedAsync(1);

        async Task<List<string>> Listed(TaskQuery query) => await Client.EnumerateTasksAsync(query).Select(t => t.TaskId).ToListAsync();

        Assert.Equal(ids, await Listed(new TaskQuery(jobId[..8])));
        Assert.Equal(ids[2..4], await Listed(new TaskQuery(jobId) { After = ids[1], First = 2 }));
        Assert.Equal([ids[3], ids[4]], await Listed(new TaskQuery(jobId)
            { Statuses = [TaskRecordStatus.Processing, TaskRecordStatus.Completed], After = ids[2], First = 2 }));
        Assert.Equal([ids[5]], await Listed(new TaskQuery(jobId) { Statuses = [TaskRecordStatus.Processing], After = ids[3] }));
        var foreign = await Assert.ThrowsAsync<GeoValidationException>(() => Listed(new TaskQuery(jobId) { After = otherIds[0].TaskId }));
        var none = await Assert.ThrowsAsync<GeoValidationException>(() => Listed(new TaskQuery(jobId) { After = TaskId(jobId, 1, "t9") }));
        var first = await Assert.ThrowsAsync<GeoValidationException>(() => Listed(new TaskQuery(jobId) { First = 0 }));

        Assert.Equal(("after", "task_of_job"), (foreign.Errors[0].Field, foreign.Errors[0].Rule));
        Assert.Contains(other, foreign.Message);
        Assert.Equal(("after", "task_of_job"), (none.Errors[0].Field, none.Errors[0].Rule));
        Assert.Equal(("first", "minimum"), (first.Errors[0].Field, first.Errors[0].Rule));
    }
}
