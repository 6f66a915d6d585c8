using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.TestJobs;
using GeoOrchestration.Model;
using GeoOrchestration.Engine;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

public sealed class LeaseTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private async Task<(string JobId, string TaskId)> PlannedSingleTaskAsync(string taskType = "test_echo", int maxAttempts = 3)
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 + Random.Shared.Next(1000, 90_000) });
        var plan = Assert.Single(await fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 1, TimeSpan.FromMinutes(1)), default));
        Assert.Equal(submission.Job.JobId, plan.JobId);
        var taskId = $"{plan.JobId[..16]}-s1-only";
        await fixture.Store.StagePlanAsync(new StagePlanParams(plan.JobId, 1, 2,
            [new PlannedTask(taskId, "only", taskType, new JsonObject { ["index"] = 0 }, maxAttempts)]), default);
        return (plan.JobId, taskId);
    }

    [Fact]
    public async Task Task_RunningForManyLeasePeriods_KeepsItsLeaseAndCompletesOnFirstAttemptWithProgressStored()
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "sleep", ["ms"] = 5000 });
        using var stop = new CancellationTokenSource();
        // Lease 1.5 s against a 5 s task: without heartbeats the janitor would hand it to another run.
        var worker = fixture.Client.CreateWorker(new WorkerOptions { Lease = TimeSpan.FromMilliseconds(1500), JanitorInterval = TimeSpan.FromMilliseconds(100), PollInterval = TimeSpan.FromSeconds(1) });
        var running = worker.RunAsync(stop.Token);
        double? progressSeen = null;
        try
        {
            while (!(await fixture.Client.GetJobAsync(submission.Job.JobId)).Status.IsTerminal())
            {
                var task = (await fixture.Client.ListTasksAsync(submission.Job.JobId)).FirstOrDefault();
                if (task is { Status: TaskRecordStatus.Processing, ProgressPercent: { } p }) progressSeen = p;
                await Task.Delay(100);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var job = await fixture.Client.GetJobAsync(submission.Job.JobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        var done = Assert.Single(await fixture.Client.ListTasksAsync(job.JobId));
        Assert.Equal(1, done.Attempts);
        Assert.Equal(1, BehaviourHandler.Starts[done.TaskId]);
        Assert.NotNull(progressSeen);
        Assert.InRange(progressSeen!.Value, 0, 100);
        Assert.StartsWith("slept", done.ProgressMessage);
    }

    [Fact]
    public async Task Task_DeliveredTwiceAfterLeaseExpiry_CountsOneCompletionAndReportsTheLateOne()
    {
        var (jobId, taskId) = await PlannedSingleTaskAsync();
        var first = await fixture.Store.WorkClaimAsync(new WorkClaimParams("slow-worker", 10, TimeSpan.FromMilliseconds(100)), default);
        Assert.Contains(first, i => i.TaskId == taskId);
        await Task.Delay(300);

        var janitor = await fixture.Store.JanitorRunAsync(default);
        var second = await fixture.Store.WorkClaimAsync(new WorkClaimParams("fast-worker", 10, TimeSpan.FromMinutes(1)), default);
        var fast = await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(taskId, new JsonObject { ["by"] = "fast" }), default);
        var slow = await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(taskId, new JsonObject { ["by"] = "slow" }), default);

        Assert.Equal(1, janitor!.LeasesRescued);
        Assert.Contains(second, i => i.TaskId == taskId && i.Attempt == 2);
        Assert.Equal(TaskCompleteStatus.Completed, fast.Status);
        Assert.True(fast.StageCompleted);
        Assert.Equal(TaskCompleteStatus.AlreadyCompleted, slow.Status);
        var task = (await fixture.Client.ListTasksAsync(jobId)).Single(t => t.TaskId == taskId);
        Assert.Equal("fast", task.Result!["by"]!.GetValue<string>());
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
        await fixture.Client.CancelJobAsync(jobId);
    }

    [Fact]
    public async Task LeaseExpiry_OnTheLastAttempt_FailsTheTaskAndItsJob()
    {
        var (jobId, taskId) = await PlannedSingleTaskAsync(maxAttempts: 2);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Contains(await fixture.Store.WorkClaimAsync(new WorkClaimParams($"doomed-{attempt}", 10, TimeSpan.FromMilliseconds(50)), default),
                i => i.TaskId == taskId);
            await Task.Delay(150);
            Assert.Equal(1, (await fixture.Store.JanitorRunAsync(default))!.LeasesRescued);
        }

        var job = await fixture.Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("expired on attempt 2 of 2: it was not renewed within 50 ms", job.Error);
        var task = (await fixture.Client.ListTasksAsync(jobId)).Single();
        Assert.Equal(("LeaseExpired", TaskRecordStatus.Failed), (task.ErrorType, task.Status));
    }

    [Fact]
    public async Task Janitor_StageCompletedButNextStepLost_EnqueuesItAndTheJobCompletes()
    {
        var (jobId, taskId) = await PlannedSingleTaskAsync();
        await fixture.Store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default);
        Assert.True((await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(taskId, new JsonObject { ["index"] = 0 }), default)).StageCompleted);
        // Simulate the lost step (a bug, a manual edit): the stage is done but nothing follows it.
        await fixture.ScalarAsync("WITH d AS (DELETE FROM {schema}.job_work WHERE job_id = @id RETURNING 1) SELECT count(*) FROM d", ("id", jobId));

        var report = await fixture.Store.JanitorRunAsync(default);

        Assert.Equal(1, report!.JobsRepaired);
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_work WHERE job_id = @id AND kind = 'plan' AND stage = 2", ("id", jobId)));
        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_planned", 2, default));
        // The repair gave back the lost step; the stage had advanced once, and that stays its one event.
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
    }

    [Fact]
    public async Task Janitor_SecondRunnerWhileTheFirstHoldsTheLock_SkipsTheRound()
    {
        await using var dataSource = fixture.Server.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var hold = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('geoorch.janitor.' || @s, 0))", connection, transaction);
        hold.Parameters.AddWithValue("s", fixture.Schema);
        await hold.ExecuteNonQueryAsync();

        var report = await fixture.Store.JanitorRunAsync(default);

        Assert.Null(report);
    }

    [Fact]
    public async Task PlanItem_ClaimedAndAbandonedTooOften_FailsTheJobInsteadOfLoopingForever()
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 + Random.Shared.Next(1000, 90_000) });
        for (var attempt = 1; attempt <= WorkExecutor.MaxControlAttempts; attempt++)
        {
            var claimed = Assert.Single(await fixture.Store.WorkClaimAsync(new WorkClaimParams($"crashing-planner-{attempt}", 1, TimeSpan.FromMilliseconds(30)), default));
            Assert.Equal((submission.Job.JobId, attempt), (claimed.JobId, claimed.Attempt));
            await Task.Delay(60);
        }

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"did not succeed in {WorkExecutor.MaxControlAttempts} attempts", job.Error);
    }

    [Fact]
    public async Task PlanItem_RenewedByItsWorker_IsNotTakenOverWhileThePlanRuns()
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 + Random.Shared.Next(1000, 90_000) });
        var plan = Assert.Single(await fixture.Store.WorkClaimAsync(new WorkClaimParams("slow-planner", 1, TimeSpan.FromMilliseconds(200)), default));
        Assert.Equal(submission.Job.JobId, plan.JobId);

        await fixture.Store.LeaseRenewAsync(new LeaseRenewParams("slow-planner", [], TimeSpan.FromMinutes(1), [plan]), default);
        await Task.Delay(400);
        var other = await fixture.Store.WorkClaimAsync(new WorkClaimParams("other", 10, TimeSpan.FromMinutes(1)), default);

        Assert.DoesNotContain(other, i => i.JobId == plan.JobId);
        await fixture.Client.CancelJobAsync(plan.JobId);
    }
}
