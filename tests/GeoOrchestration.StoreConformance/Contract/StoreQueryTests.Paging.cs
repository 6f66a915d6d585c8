using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Paging as Get-GeoJob and Get-GeoTask take it (-Skip, -First, -IncludeTotalCount): the store
/// leaves out the first rows of a listing in its own query and counts what the filters select.
/// </summary>
public abstract partial class StoreQueryTests
{
    [Fact]
    public async Task TaskList_Skip_LeavesOutThatManyFromTheCursor_AcrossEveryStatus()
    {
        var (jobId, ids) = await MixedStatusesAsync();

        // t0 queued, t1 completed, t2 queued, t3 processing, t4 completed, t5 processing: the rows
        // skipped come from every status, so each status reads past them (two queued before t3).
        Assert.Equal([ids[2]], await ListIdsAsync(new TaskListParams(jobId, Limit: 1, Skip: 2)));
        Assert.Equal(ids[3..], await ListIdsAsync(new TaskListParams(jobId, Skip: 3)));
        Assert.Equal([ids[4], ids[5]], await ListIdsAsync(new TaskListParams(jobId, Limit: 2, Skip: 2, After: new TaskListCursor(1, 1))));
        Assert.Equal([ids[2]], await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Queued, Skip: 1)));
        Assert.Equal([ids[5]], await ListIdsAsync(new TaskListParams(jobId, Status: TaskRecordStatus.Processing, Skip: 1)));
        Assert.Empty(await ListIdsAsync(new TaskListParams(jobId, Skip: 6)));
        Assert.Equal(ids, await ListIdsAsync(new TaskListParams(jobId, Skip: 0)));
    }

    [Fact]
    public async Task TaskCount_CountsWhatTheListingSelects_ByStageAndStatus()
    {
        var (jobId, _) = await MixedStatusesAsync();

        Assert.Equal(6, await Store.TaskCountAsync(new TaskCountParams(jobId), default));
        Assert.Equal(6, await Store.TaskCountAsync(new TaskCountParams(jobId, Stage: 1), default));
        Assert.Equal(0, await Store.TaskCountAsync(new TaskCountParams(jobId, Stage: 2), default));
        Assert.Equal(2, await Store.TaskCountAsync(new TaskCountParams(jobId, Status: TaskRecordStatus.Queued), default));
        Assert.Equal(2, await Store.TaskCountAsync(new TaskCountParams(jobId, Stage: 1, Status: TaskRecordStatus.Processing), default));
        Assert.Equal(0, await Store.TaskCountAsync(new TaskCountParams(jobId, Status: TaskRecordStatus.Failed), default));
        Assert.Equal(0, await Store.TaskCountAsync(new TaskCountParams(new string('f', 64)), default));
        // Through the client: several statuses are added up, the page and the cursor left aside.
        Assert.Equal(4, await Client.CountTasksAsync(new TaskQuery(jobId[..12])
            { Statuses = [TaskRecordStatus.Queued, TaskRecordStatus.Processing], Skip = 3, First = 1, After = null }));
    }

    [Fact]
    public async Task EnumerateTasks_Skip_WithOneStatusOrSeveral_LeavesOutTheFirstSelected()
    {
        var (jobId, ids) = await MixedStatusesAsync();

        async Task<List<string>> Ids(TaskQuery query)
        {
            var found = new List<string>();
            await foreach (var task in Client.EnumerateTasksAsync(query)) found.Add(task.TaskId);
            return found;
        }

        Assert.Equal([ids[3], ids[4]], await Ids(new TaskQuery(jobId) { Skip = 3, First = 2 }));
        // Several statuses are filtered by the client: it skips what it kept, not what the store sent.
        Assert.Equal([ids[3], ids[5]], await Ids(new TaskQuery(jobId) { Statuses = [TaskRecordStatus.Queued, TaskRecordStatus.Processing], Skip = 2 }));
        Assert.Equal([ids[5]], await Ids(new TaskQuery(jobId) { Statuses = [TaskRecordStatus.Processing], Skip = 1 }));
        Assert.Equal([ids[4]], await Ids(new TaskQuery(jobId) { After = ids[1], Skip = 2, First = 1 }));
    }

    [Fact]
    public async Task JobList_Skip_AndJobCount_PageAndCountWhatTheFiltersSelect()
    {
        var label = Guid.NewGuid().ToString("N");
        var submitted = new List<string>();
        for (var i = 0; i < 5; i++)
            submitted.Add((await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["label"] = $"{label}-{i}" })).Job.JobId);
        await Client.CancelJobAsync(submitted[1]);
        await Client.CancelJobAsync(submitted[3]);

        var all = (await Store.JobListAsync(new JobListParams(Limit: 100), default)).Select(j => j.JobId).ToList();
        Assert.Equal(submitted.Order(), all.Order());
        Assert.Equal(all[1..3], (await Store.JobListAsync(new JobListParams(Limit: 2, Skip: 1), default)).Select(j => j.JobId));
        var queued = all.Where(id => id != submitted[1] && id != submitted[3]).ToList();
        Assert.Equal(queued[2..], (await Store.JobListAsync(new JobListParams(JobStatus.Queued, Skip: 2), default)).Select(j => j.JobId));
        // With a cursor: skipped after it.
        var first = (await Store.JobListAsync(new JobListParams(Limit: 1), default))[0];
        Assert.Equal([all[3]], (await Store.JobListAsync(new JobListParams(Limit: 1, Before: new JobListCursor(first.Created, first.JobId), Skip: 2), default)).Select(j => j.JobId));
        Assert.Empty(await Store.JobListAsync(new JobListParams(Skip: 5), default));

        Assert.Equal(5, await Store.JobCountAsync(new JobCountParams(), default));
        Assert.Equal(3, await Store.JobCountAsync(new JobCountParams(JobStatus.Queued), default));
        Assert.Equal(2, await Store.JobCountAsync(new JobCountParams(JobStatus.Cancelled, "noop"), default));
        Assert.Equal(0, await Store.JobCountAsync(new JobCountParams(JobType: "hello_world"), default));
        Assert.Equal(0, await Store.JobCountAsync(new JobCountParams(CreatedSince: DateTimeOffset.UtcNow.AddDays(1)), default));
        Assert.Equal(5, await Client.CountJobsAsync(new JobQuery { Statuses = [JobStatus.Queued, JobStatus.Cancelled], First = 1, Skip = 4 }));
        // Several statuses through the client: skipped after filtering.
        var live = new List<string>();
        await foreach (var job in Client.EnumerateJobsAsync(new JobQuery { Statuses = [JobStatus.Queued, JobStatus.Processing], Skip = 1, First = 1 }))
            live.Add(job.JobId);
        Assert.Equal([queued[1]], live);
        foreach (var id in queued) await Client.CancelJobAsync(id);
    }
}
