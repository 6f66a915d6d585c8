using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Runs of one request (issue 17): a plain resubmission returns the request's latest run; a forced
/// one starts the next run, a job of its own whose id follows from the request and the run number,
/// and is refused while the latest run is live; concurrent forced submissions make one run; a
/// request's runs are listed together; an ended job is deleted with everything of it, a live one is not.
/// </summary>
public abstract partial class StoreSubmissionTests
{
    private static SubmitOptions Forced { get; } = new() { Force = true };

    [Fact]
    public async Task Submit_Force_StartsTheNextRunAsAJobOfItsOwn_AndAPlainResubmissionReturnsIt()
    {
        var label = Guid.NewGuid().ToString("N");
        var first = await CompletedFirstRunAsync(label);

        var forced = await Client.SubmitAsync("noop", RunsRequest(label), Forced);
        var again = await Client.SubmitAsync("noop", RunsRequest(label));

        Assert.Equal((first.JobId, 1), (first.RequestId, first.Run));
        Assert.True(forced.Created);
        Assert.Equal((first.JobId, 2, JobIdentity.RunJobId(first.JobId, 2)), (forced.Job.RequestId, forced.Job.Run, forced.Job.JobId));
        Assert.NotEqual(first.JobId, forced.Job.JobId);
        Assert.Equal(JobStatus.Queued, forced.Job.Status);
        Assert.False(again.Created);
        Assert.Equal(forced.Job.JobId, again.Job.JobId);
        // The new run is a whole job: planned and run from stage 1, its own tasks and events.
        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(forced.Job.JobId)).Status);
        Assert.Equal(2, (await TasksAsync(forced.Job.JobId)).Count);
        Assert.Equal(1, await EventCountAsync(forced.Job.JobId, JobEventKind.Submitted));
        Assert.Equal(JobStatus.Completed, (await Steps.JobGetAsync(first.JobId, default))!.Status);
    }

    [Fact]
    public async Task Submit_ForceOfARequestNeverSubmitted_CreatesRunOne()
    {
        var label = Guid.NewGuid().ToString("N");

        var forced = await Client.SubmitAsync("noop", RunsRequest(label), Forced);

        Assert.True(forced.Created);
        Assert.Equal(1, forced.Job.Run);
        Assert.Equal(Client.ComputeJobId("noop", RunsRequest(label)), forced.Job.JobId);
        await Client.CancelJobAsync(forced.Job.JobId);
    }

    [Fact]
    public async Task Submit_ForceWhileTheLatestRunIsLive_IsRefusedAsAConflictNamingIt_AndCreatesNothing()
    {
        var label = Guid.NewGuid().ToString("N");
        var queued = await Client.SubmitAsync("noop", RunsRequest(label));
        var before = await StoreSnapshot.TakeAsync(Store);

        var error = await Assert.ThrowsAsync<GeoConflictException>(() => Client.SubmitAsync("noop", RunsRequest(label), Forced));

        Assert.Equal((GeoConflictException.JobStatusId, queued.Job.JobId), (error.ErrorId, error.Target));
        Assert.Contains($"run 1 of this request is still queued", error.Message);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        await Client.CancelJobAsync(queued.Job.JobId);
    }

    [Fact]
    public async Task Submit_ConcurrentForces_MakeOneNewRun_TheOthersAreRefused()
    {
        var label = Guid.NewGuid().ToString("N");
        var first = await CompletedFirstRunAsync(label);
        // Each on a client of its own (its own connections), released together.
        var clients = Enumerable.Range(0, 4).Select(_ => new GeoClient(OpenStore(), Registry)).ToList();
        using var start = new SemaphoreSlim(0);
        var attempts = clients.Select(async client =>
        {
            await start.WaitAsync();
            try { return (object)await client.SubmitAsync("noop", RunsRequest(label), Forced); }
            catch (GeoConflictException e) { return e; }
        }).ToList();
        start.Release(clients.Count);
        var outcomes = await Task.WhenAll(attempts);

        var created = Assert.Single(outcomes.OfType<SubmitResult>(), r => r.Created);
        Assert.Equal(2, created.Job.Run);
        Assert.Equal(clients.Count, outcomes.OfType<SubmitResult>().Count() + outcomes.OfType<GeoConflictException>().Count());
        Assert.All(outcomes.OfType<GeoConflictException>(), e => Assert.Equal(created.Job.JobId, e.Target));
        var runs = await Store.JobListAsync(new JobListParams(RequestId: first.JobId), default);
        Assert.Equal(new[] { 2, 1 }, runs.Select(j => j.Run));
        await Client.CancelJobAsync(created.Job.JobId);
    }

    [Fact]
    public async Task JobSubmit_TheSameRunConcurrently_CreatesItOnce_TheOthersGetItBack()
    {
        // What two forced submissions racing past the live check do: both write run 2 of the request,
        // whose id follows from the request and the run, so the store keeps one and returns it to the rest.
        var label = Guid.NewGuid().ToString("N");
        var first = await CompletedFirstRunAsync(label);
        var run2 = new JobSubmitParams(JobIdentity.RunJobId(first.JobId, 2), "noop", RunsRequest(label), 1, RequestId: first.JobId, Run: 2);
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore()).ToList();
        using var start = new SemaphoreSlim(0);
        var submits = stores.Select(async store =>
        {
            await start.WaitAsync();
            return await store.JobSubmitAsync(run2 with { Parameters = RunsRequest(label) }, default);
        }).ToList();
        start.Release(stores.Count);
        var results = await Task.WhenAll(submits);

        Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal((run2.JobId, first.JobId, 2), (r.Job.JobId, r.Job.RequestId, r.Job.Run)));
        Assert.Equal(new[] { 2, 1 }, (await Store.JobListAsync(new JobListParams(RequestId: first.JobId), default)).Select(j => j.Run));
        await Client.CancelJobAsync(run2.JobId);
    }

    [Fact]
    public async Task JobList_ByRequest_ListsItsRunsNewestFirst_AndNoOtherJob()
    {
        var label = Guid.NewGuid().ToString("N");
        var first = await CompletedFirstRunAsync(label);
        var second = (await Client.SubmitAsync("noop", RunsRequest(label), Forced)).Job;
        await Client.CancelJobAsync(second.JobId);
        var third = (await Client.SubmitAsync("noop", RunsRequest(label), Forced)).Job;
        await Client.SubmitAsync("noop", RunsRequest(label + " other"));

        var runs = await Store.JobListAsync(new JobListParams(RequestId: first.JobId), default);
        var latest = await Store.JobLatestRunAsync(new JobLatestRunParams(first.JobId), default);

        Assert.Equal(new[] { (third.JobId, 3), (second.JobId, 2), (first.JobId, 1) }, runs.Select(j => (j.JobId, j.Run)));
        Assert.All(runs, j => Assert.Equal(first.JobId, j.RequestId));
        Assert.Equal(third.JobId, latest!.JobId);
        Assert.Null(await Store.JobLatestRunAsync(new JobLatestRunParams(new string('0', 64)), default));
        // Any run's id (or prefix) names its request.
        Assert.Equal(first.JobId, await Client.ResolveRequestIdAsync(third.JobId[..10]));
        await Client.CancelJobAsync(third.JobId);
        await Client.CancelJobAsync(Client.ComputeJobId("noop", RunsRequest(label + " other")));
    }

    [Fact]
    public async Task JobDelete_EndedJob_DeletesItWithItsStagesTasksEventsAndWork_AndLeavesTheOtherRuns()
    {
        var label = Guid.NewGuid().ToString("N");
        var first = await CompletedFirstRunAsync(label);
        var second = (await Client.SubmitAsync("noop", RunsRequest(label), Forced)).Job;
        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(second.JobId)).Status);
        var firstBefore = await StoreSnapshot.TakeAsync(Store);

        var outcome = await Client.RemoveJobAsync(second.JobId[..12]);

        Assert.Equal((JobChangeStatus.Changed, second.JobId, 2), (outcome.Status, outcome.Job!.JobId, outcome.TasksAffected));
        Assert.Null(await Steps.JobGetAsync(second.JobId, default));
        Assert.Empty(await TasksAsync(second.JobId));
        Assert.Empty(await Store.StageListAsync(new StageListParams(second.JobId), default));
        Assert.Empty(await Store.JobEventListAsync(new JobEventListParams(second.JobId), default));
        Assert.Empty(await WorkAsync(second.JobId));
        Assert.Equal(2, (await TasksAsync(first.JobId)).Count);
        // The request's latest run is run 1 again: a plain resubmission returns it.
        var again = await Client.SubmitAsync("noop", RunsRequest(label));
        Assert.Equal((false, first.JobId), (again.Created, again.Job.JobId));
        Assert.NotEqual(firstBefore, await StoreSnapshot.TakeAsync(Store));
    }

    [Fact]
    public async Task JobDelete_LiveJob_IsRefusedNamingItsState_AndDeletesNothing()
    {
        var queued = await Client.SubmitAsync("noop", RunsRequest(Guid.NewGuid().ToString("N")));
        var before = await StoreSnapshot.TakeAsync(Store);

        var outcome = await Store.JobDeleteAsync(new JobDeleteParams(queued.Job.JobId), default);
        var error = await Assert.ThrowsAsync<GeoConflictException>(() => Client.RemoveJobAsync(queued.Job.JobId));

        Assert.Equal((JobChangeStatus.WrongStatus, JobStatus.Queued), (outcome.Status, outcome.Job!.Status));
        Assert.Equal((GeoConflictException.JobStatusId, queued.Job.JobId), (error.ErrorId, error.Target));
        Assert.Contains($"Job {queued.Job.JobId} is queued", error.Message);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        await Client.CancelJobAsync(queued.Job.JobId);
    }

    [Fact]
    public async Task JobDelete_CancelledJobWhoseHandlerStillRuns_IsRefusedUntilItStops()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "block", ["tasks"] = 1, ["run"] = Guid.NewGuid().ToString("N") });
        await using (var worker = StartWorker(TestOptions(concurrency: 1)))
        {
            await Eventually.TrueAsync(async () => (await TasksAsync(submission.Job.JobId)).Any(t => t.Status == TaskRecordStatus.Processing));
            await Client.CancelJobAsync(submission.Job.JobId);
            // The handler stops at its next heartbeat (a third of the 10 s lease): until then its task is processing.
            var refused = await Store.JobDeleteAsync(new JobDeleteParams(submission.Job.JobId), default);
            var stillRunning = (await TasksAsync(submission.Job.JobId)).Any(t => t.Status == TaskRecordStatus.Processing);
            if (refused.Status != JobChangeStatus.Changed || stillRunning)
            {
                Assert.Equal((JobChangeStatus.WrongStatus, JobStatus.Cancelled, 1), (refused.Status, refused.Job!.Status, refused.TasksAffected));
                Assert.NotNull(await Steps.JobGetAsync(submission.Job.JobId, default));
                await Eventually.TrueAsync(async () => (await TasksAsync(submission.Job.JobId)).All(t => t.Status == TaskRecordStatus.Cancelled));
                Assert.Equal(JobChangeStatus.Changed, (await Store.JobDeleteAsync(new JobDeleteParams(submission.Job.JobId), default)).Status);
            }
        }
        Assert.Null(await Steps.JobGetAsync(submission.Job.JobId, default));
    }

    [Fact]
    public async Task JobDelete_UnknownJob_IsNotFound()
    {
        var outcome = await Store.JobDeleteAsync(new JobDeleteParams(new string('e', 64)), default);

        Assert.Equal(JobChangeStatus.NotFound, outcome.Status);
        await Assert.ThrowsAsync<GeoNotFoundException>(() => Client.RemoveJobAsync(new string('e', 64)));
    }
}
