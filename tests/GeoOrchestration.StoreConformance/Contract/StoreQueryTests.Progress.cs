using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.TestJobs;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// One job, one progress: the store reads a job's current stage counts with its running tasks'
/// reported progress, the same for a listing and for the job alone; reported progress reaches the
/// store without waiting for a lease renewal; a completed task reads 100%.
/// </summary>
public abstract partial class StoreQueryTests
{
    /// <summary>The job as the single view reads it, and as the listing does.</summary>
    private async Task<(JobProgress Single, JobProgress Listed)> BothProgressAsync(string jobId)
    {
        var single = await Client.GetJobProgressAsync(jobId);
        JobProgress? listed = null;
        await foreach (var progress in Client.EnumerateJobProgressAsync(new JobQuery()))
            if (progress.Job.JobId == jobId) listed = progress;
        return (single, listed ?? throw new InvalidOperationException($"The listing left out job {jobId}."));
    }

    [Fact]
    public async Task JobProgress_ListAndSingle_CountTheCurrentStageWithRunningProgress_AndAgreeOnceTheJobIsCancelled()
    {
        var (jobId, _) = await PlannedAsync(4);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 2, LongLease), default);
        Assert.Equal(2, claimed.Count);
        await Store.LeaseRenewAsync(new LeaseRenewParams("w",
            [new TaskHeartbeat(claimed[0].TaskId!, claimed[0].Attempt, 40, "half"), new TaskHeartbeat(claimed[1].TaskId!, claimed[1].Attempt, 20, null)], LongLease), default);
        // A third task claimed and completed without reporting progress: counted done, and it reads 100%.
        await Store.WorkClaimAsync(new WorkClaimParams("v", 1, LongLease), default);
        var completedOne = (await TasksAsync(jobId)).Single(t => t.Status == TaskRecordStatus.Processing && t.LeaseOwner == "v");
        await Steps.TaskCompleteAsync(new TaskCompleteParams(completedOne.TaskId, new JsonObject { ["index"] = 0 }), default);

        var (single, listed) = await BothProgressAsync(jobId);

        // Stage 1 of 2, 4 tasks: 1 done, two running at 40% and 20% (0.6 tasks): 100 * (1.6 / 4) / 2 = 20.
        Assert.Equal(new StageProgress(1, 4, 3, 0.6), single.Current! with { Running = Math.Round(single.Current!.Running, 6) });
        Assert.Equal((1, 4, 20.0), (single.TasksDone, single.TasksTotal, single.Percent));
        Assert.Equal("1/4 20%", single.ToString());
        Assert.Equal((single.Current, single.Percent, single.ToString()), (listed.Current, listed.Percent, listed.ToString()));
        Assert.Equal(100, (await TaskAsync(jobId, completedOne.TaskId)).ProgressPercent);

        await Client.CancelJobAsync(jobId);
        var (cancelledSingle, cancelledListed) = await BothProgressAsync(jobId);

        // Ended: its tasks done only, in both views (the list used to show 0% without counts).
        Assert.Equal(JobStatus.Cancelled, cancelledSingle.Job.Status);
        Assert.Equal("1/4 12.5", $"{cancelledSingle.TasksDone}/{cancelledSingle.TasksTotal} {cancelledSingle.Percent}");
        Assert.Equal((cancelledSingle.TasksDone, cancelledSingle.TasksTotal, cancelledSingle.Percent, cancelledSingle.ToString()),
            (cancelledListed.TasksDone, cancelledListed.TasksTotal, cancelledListed.Percent, cancelledListed.ToString()));
    }

    [Fact]
    public async Task JobProgress_OfAJobWhoseStageIsNotPlanned_HasNoCounts_AndACompletedJobIs100()
    {
        var queued = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 3 });
        var (single, listed) = await BothProgressAsync(queued.Job.JobId);
        Assert.Equal((null, null, 0.0), (single.TasksDone, single.TasksTotal, single.Percent));
        Assert.Equal((null, null, 0.0), (listed.TasksDone, listed.TasksTotal, listed.Percent));

        await RunUntilTerminalAsync(queued.Job.JobId);
        var (done, doneListed) = await BothProgressAsync(queued.Job.JobId);

        Assert.Equal((2, 1, 1, 100.0), (done.Current!.Stage, done.TasksDone, done.TasksTotal, done.Percent));
        Assert.Equal(done.ToString(), doneListed.ToString());
        Assert.All(await TasksAsync(queued.Job.JobId), t => Assert.Equal(100, t.ProgressPercent));
    }

    [Fact]
    public async Task Task_ReportingProgress_IsStoredWithinSeconds_NotOnlyWhenItsLeaseIsRenewed()
    {
        // A 10-minute lease: the heartbeat comes every 200 s, far after this test gives up.
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 600_000, ["run"] = Guid.NewGuid().ToString("N") });
        TaskRecord? seen = null;
        JobProgress? job = null;
        await using (StartWorker(TestOptions() with { Lease = TimeSpan.FromMinutes(10) }))
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (DateTime.UtcNow < until)
            {
                var task = (await TasksAsync(submission.Job.JobId)).FirstOrDefault();
                if (task is { Status: TaskRecordStatus.Processing, ProgressPercent: > 0 })
                {
                    seen = task;
                    job = await Client.GetJobProgressAsync(submission.Job.JobId);
                    break;
                }
                await Task.Delay(100);
            }
            await Client.CancelJobAsync(submission.Job.JobId);
        }

        Assert.NotNull(seen);
        Assert.StartsWith("slept", seen!.ProgressMessage);
        // The job's progress moves with it: one task of one stage, partly done.
        Assert.Equal(0, job!.TasksDone);
        Assert.InRange(job.Percent, 0.0, 100.0);
        Assert.True(job.Current!.Running > 0, $"running progress {job.Current.Running}");
    }
}
