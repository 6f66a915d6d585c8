using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

public sealed class SqliteStoreJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly StoreFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private SqliteStore _store = null!;
    private EngineSteps Steps => new(_store);

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Fact]
    public async Task JobSubmit_NewJob_IsQueuedWithItsFirstPlanItemAndEvent()
    {
        var submit = StoreFolder.Job(totalStages: 2, taskTimeout: TimeSpan.FromSeconds(90), jobTimeout: TimeSpan.FromHours(1));

        var result = await _store.JobSubmitAsync(submit, default);

        Assert.True(result.Created);
        var job = result.Job;
        Assert.Equal((submit.JobId, "test", JobStatus.Queued, 1, 2), (job.JobId, job.JobType, job.Status, job.Stage, job.TotalStages));
        Assert.Equal(submit.Parameters.ToJsonString(), job.Parameters.ToJsonString());
        Assert.Equal((Start, Start, Start.AddHours(1)), (job.Created, job.Updated, job.Deadline));
        Assert.Equal((TimeSpan.FromSeconds(90), TimeSpan.FromHours(1)), (job.TaskTimeout, job.JobTimeout));
        Assert.Null(job.Completed);
        Assert.Equal(1, await _store.EventCountAsync(job.JobId, "submitted", null, default));
        Assert.Equal("plan|1", Db.Scalar(_store.Path, $"SELECT kind || '|' || stage FROM job_work WHERE job_id = '{job.JobId}'"));
    }

    [Fact]
    public async Task JobSubmit_SameJobAgain_ReturnsTheExistingJobUnchanged()
    {
        var submit = StoreFolder.Job();
        await _store.JobSubmitAsync(submit, default);
        _time.Advance(TimeSpan.FromMinutes(1));

        var again = await _store.JobSubmitAsync(submit with { TaskTimeout = TimeSpan.FromSeconds(5) }, default);

        Assert.False(again.Created);
        Assert.Equal(Start, again.Job.Created);
        Assert.Null(again.Job.TaskTimeout);
        Assert.Equal(1, await _store.EventCountAsync(submit.JobId, "submitted", null, default));
    }

    [Fact]
    public async Task JobSubmit_EightSubmittersOfOneJobAtOnce_CreateItOnce()
    {
        var submit = StoreFolder.Job();
        var stores = Enumerable.Range(0, 8).Select(_ => _folder.Store(_time)).ToList();

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.JobSubmitAsync(submit, default))));

        Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(submit.JobId, r.Job.JobId));
        Assert.Equal(1L, Db.Scalar(_store.Path, "SELECT count(*) FROM job_work"));
    }

    [Fact]
    public async Task JobGet_UnknownJob_IsNull()
    {
        Assert.Null(await Steps.JobGetAsync(new string('0', 64), default));
    }

    [Fact]
    public async Task JobList_ByStatusAndType_NewestFirstUpToTheLimit()
    {
        var first = await _store.JobSubmitAsync(StoreFolder.Job(), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _store.JobSubmitAsync(StoreFolder.Job(), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var other = await _store.JobSubmitAsync(StoreFolder.Job(jobType: "other"), default);
        await Steps.JobFailAsync(other.Job.JobId, "broken", default);

        Assert.Equal([other.Job.JobId, second.Job.JobId, first.Job.JobId], (await _store.JobListAsync(new JobListParams(), default)).Select(j => j.JobId));
        Assert.Equal([second.Job.JobId], (await _store.JobListAsync(new JobListParams(JobType: "test", Limit: 1), default)).Select(j => j.JobId));
        var failed = Assert.Single(await _store.JobListAsync(new JobListParams(Status: JobStatus.Failed), default));
        Assert.Equal(("broken", other.Job.JobId), (failed.Error, failed.JobId));
    }

    [Fact]
    public async Task JobCancel_QueuedJob_CancelsAndDropsItsWork_AndASecondCancelIsWrongStatus()
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job;

        var cancelled = await Steps.JobCancelAsync(job.JobId, "no longer needed", default);
        var again = await Steps.JobCancelAsync(job.JobId, "twice", default);
        var missing = await Steps.JobCancelAsync(new string('0', 64), "none", default);

        Assert.Equal((JobChangeStatus.Changed, JobStatus.Cancelled, "no longer needed"), (cancelled.Status, cancelled.Job!.Status, cancelled.Job.Error));
        Assert.Equal(Start, cancelled.Job.Completed);
        Assert.Equal(JobChangeStatus.WrongStatus, again.Status);
        Assert.Equal(JobChangeStatus.NotFound, missing.Status);
        Assert.Equal(0L, Db.Scalar(_store.Path, "SELECT count(*) FROM job_work"));
    }

    [Fact]
    public async Task JobRetry_OfAJobCancelledBeforePlanning_GivesItBackItsPlanItem()
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(jobTimeout: TimeSpan.FromMinutes(10)), default)).Job;
        await Steps.JobCancelAsync(job.JobId, "oops", default);
        _time.Advance(TimeSpan.FromMinutes(3));

        var retried = await Steps.JobRetryAsync(job.JobId, default);

        Assert.Equal((JobChangeStatus.Changed, JobStatus.Processing), (retried.Status, retried.Job!.Status));
        Assert.Equal(_time.GetUtcNow().AddMinutes(10), retried.Job.Deadline);
        Assert.Equal("plan|1", Db.Scalar(_store.Path, "SELECT kind || '|' || stage FROM job_work"));
        Assert.Equal(1, await _store.EventCountAsync(job.JobId, "retried", null, default));
    }

    [Fact]
    public async Task Parameters_WithUnicodeAndNesting_RoundTrip()
    {
        var parameters = new JsonObject { ["name"] = "Zoë ✓", ["nested"] = new JsonObject { ["list"] = new JsonArray(1, 2.5, null, true) } };
        var submit = new JobSubmitParams(Identity.JobIdentity.JobId("test", parameters), "test", parameters, 1);

        var job = await Steps.JobGetAsync((await _store.JobSubmitAsync(submit, default)).Job.JobId, default);

        Assert.True(JsonNode.DeepEquals(parameters, job!.Parameters));
    }
}
