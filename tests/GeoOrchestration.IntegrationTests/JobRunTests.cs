using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests;

public sealed class JobRunTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task HelloWorld_RunByAWorker_CompletesWithSummaryAfterEachStagePlannedOnce()
    {
        var submission = await fixture.Client.SubmitAsync("hello_world", new JsonObject { ["names"] = new JsonArray("Ada", "Grace", "Linus", "Rosalind") });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(3, job.Stage);
        Assert.Equal(4, job.Result!["greetings"]!.GetValue<int>());
        Assert.Equal(["Ada", "Grace", "Linus", "Rosalind"], job.Result!["names"]!.AsArray().Select(n => n!.GetValue<string>()));
        var tasks = await fixture.Client.ListTasksAsync(job.JobId);
        Assert.Equal([4, 4, 1], tasks.GroupBy(t => t.Stage).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.All(tasks, t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
        Assert.Equal("Hello, Grace!", tasks.Single(t => t.TaskId == $"{job.JobId[..16]}-s1-1").Result!["greeting"]!.GetValue<string>());
        for (var stage = 1; stage <= 3; stage++)
        {
            Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_planned", stage, default));
            Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_completed", stage, default));
        }
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "finalized", null, default));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_work WHERE job_id = @id", ("id", job.JobId)));
    }

    [Fact]
    public async Task Stage_PlannedWithZeroTasks_CompletesAtOnceAndTheJobGoesOn()
    {
        var submission = await fixture.Client.SubmitAsync("test_empty_middle", new JsonObject { ["tasks"] = 3 });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(0, await fixture.ScalarAsync("SELECT task_count FROM {schema}.stages WHERE job_id = @id AND stage = 2", ("id", job.JobId)));
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_completed", 2, default));
        var fanIn = (await fixture.Client.ListTasksAsync(job.JobId, stage: 3)).Single();
        Assert.Equal(0, fanIn.Result!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Worker_IdleWithLongPoll_IsWokenByNotificationWhenAJobArrives()
    {
        using var stop = new CancellationTokenSource();
        // A poll interval far beyond the wait below: only LISTEN/NOTIFY can get the job done in time.
        var worker = fixture.Client.CreateWorker(new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMinutes(10) });
        var running = worker.RunAsync(stop.Token);
        try
        {
            await Task.Delay(200);
            var submission = await fixture.Client.SubmitAsync("hello_world", new JsonObject { ["names"] = new JsonArray("Notify") });

            var job = await fixture.Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(30));

            Assert.Equal(JobStatus.Completed, job.Status);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task Task_FailingPermanently_FailsTheJobAndCancelsItsQueuedTasks()
    {
        // The others hold a while, so the failure lands while most of them are still queued.
        var submission = await fixture.Client.SubmitAsync("test_failing", new JsonObject { ["tasks"] = 40, ["fail_key"] = "t0", ["hold_ms"] = 30 });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId, concurrency: 1);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"{job.JobId[..16]}-s1-t0", job.Error);
        Assert.Contains("was told to fail", job.Error);
        var tasks = await fixture.Client.ListTasksAsync(job.JobId);
        var failed = Assert.Single(tasks, t => t.Status == TaskRecordStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("PermanentTaskException", failed.ErrorType);
        Assert.DoesNotContain(tasks, t => t.Status is TaskRecordStatus.Queued or TaskRecordStatus.Processing or TaskRecordStatus.Pending);
        Assert.Contains(tasks, t => t.Status == TaskRecordStatus.Cancelled);
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.stages WHERE job_id = @id AND stage = 2", ("id", job.JobId)));
    }

    [Fact]
    public async Task Finalize_Throwing_EndsTheJobCompletedWithErrorsAndAFallbackResult()
    {
        var submission = await fixture.Client.SubmitAsync("test_finalize_throws", null);

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal("summary exploded", job.Result!["finalize_error"]!["message"]!.GetValue<string>());
        Assert.Equal(1, job.Result!["tasks"]!.GetValue<int>());
    }

    [Fact]
    public async Task Planner_BreakingItsContract_FailsTheJobWithTheReason()
    {
        var submission = await fixture.Client.SubmitAsync("test_duplicate_keys", null);

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("two tasks with key 'same'", job.Error);
    }

    [Theory]
    [InlineData("duplicate_last", "two tasks with key 't7'")]
    [InlineData("bad_key_last", "planned a task with key 'no spaces allowed'")]
    [InlineData("throw_permanent", "ArgumentException: the plan ran out of tiles")]
    public async Task Planner_FailingAtTheEndOfAStreamedPlan_FailsTheJob_AndWritesNoTask(string fault, string expected)
    {
        // 600 tasks: past the size where the plan is streamed with COPY rather than held and inserted.
        var submission = await fixture.Client.SubmitAsync("test_streamed_plan_fault", new JsonObject { ["tasks"] = 600, ["fault"] = fault });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains(expected, job.Error);
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.tasks WHERE job_id = @id", ("id", job.JobId)));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.stages WHERE job_id = @id", ("id", job.JobId)));
    }

    [Fact]
    public async Task StreamedPlan_OfManyTasks_CountsThemOnTheStage()
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1234 });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1234, await fixture.ScalarAsync("SELECT task_count FROM {schema}.stages WHERE job_id = @id AND stage = 1", ("id", job.JobId)));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT remaining FROM {schema}.stages WHERE job_id = @id AND stage = 1", ("id", job.JobId)));
        Assert.Equal(Enumerable.Range(0, 1234), (await fixture.Client.ListTasksAsync(job.JobId, stage: 1)).Select(t => t.Result!["index"]!.GetValue<int>()));
    }

    [Fact]
    public async Task DefaultSummary_CountsEveryStagesTasks_FromTheStageRows()
    {
        // noop keeps the default Finalize, so its summary is built from stage counts, not results.
        var submission = await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["stages"] = 4, ["label"] = "summary" });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal("noop", job.Result!["job_type"]!.GetValue<string>());
        Assert.Equal(4, job.Result!["stages"]!.GetValue<int>());
        Assert.Equal(12, job.Result!["tasks"]!.GetValue<int>());
    }
}
