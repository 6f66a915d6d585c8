using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.TestJobs;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// Text PostgreSQL cannot hold (NUL, lone surrogates) that handlers, planners and summaries
/// produce: stored escaped when it is diagnostic, a clear permanent failure when it is data;
/// never a raw database error, never a stuck task or job.
/// </summary>
public sealed class StorableTextRunTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private async Task<string> SubmitAsync(string mode, int tasks = 1, string? run = null) =>
        (await fixture.Client.SubmitAsync("test_unstorable_text", new JsonObject
        {
            ["mode"] = mode, ["tasks"] = tasks, ["run"] = run ?? Guid.NewGuid().ToString("N"),
        })).Job.JobId;

    [Fact]
    public async Task Result_HoldingNul_FailsTheTaskPermanentlyNamingThePath_AndTheJob()
    {
        var jobId = await SubmitAsync("result_nul");

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        var task = Assert.Single(await fixture.Client.ListTasksAsync(jobId));
        Assert.Equal(TaskRecordStatus.Failed, task.Status);
        Assert.Equal(1, task.Attempts); // permanent: not retried although the handler allows 3
        Assert.Equal(typeof(ContractViolationException).FullName, task.ErrorType);
        Assert.Equal($"The result of task {task.TaskId} holds a NUL character (U+0000) at features[3].name, which the store cannot hold.", task.ErrorMessage);
        Assert.Contains("features[3].name", job.Error);
        Assert.Null(task.Result);
    }

    [Fact]
    public async Task Result_ParsedFromJsonEscapingALoneSurrogate_FailsTheTaskNamingThePath()
    {
        var jobId = await SubmitAsync("result_surrogate");

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        var task = Assert.Single(await fixture.Client.ListTasksAsync(jobId));
        Assert.Equal((TaskRecordStatus.Failed, 1), (task.Status, task.Attempts));
        Assert.Contains("a lone UTF-16 surrogate at features[0].name", task.ErrorMessage);
    }

    [Fact]
    public async Task Result_HoldingNaN_FailsTheTaskPermanentlyNamingThePath()
    {
        var jobId = await SubmitAsync("result_nan");

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        var task = Assert.Single(await fixture.Client.ListTasksAsync(jobId));
        Assert.Equal((TaskRecordStatus.Failed, 1), (task.Status, task.Attempts));
        Assert.Contains("holds a non-finite number (NaN) at stats.ratio", task.ErrorMessage);
    }

    [Fact]
    public async Task HandlerError_HoldingNulAndALoneSurrogate_IsStoredEscaped_AndRetriedUntilItFails()
    {
        var jobId = await SubmitAsync("error");

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        var task = Assert.Single(await fixture.Client.ListTasksAsync(jobId));
        Assert.Equal((TaskRecordStatus.Failed, 3), (task.Status, task.Attempts));
        Assert.Equal(typeof(IOException).FullName, task.ErrorType);
        Assert.Equal("attempt 3: disk said \\u0000 and \\ud800", task.ErrorMessage);
        Assert.Contains("attempt 3: disk said \\u0000 and \\ud800", job.Error);
    }

    [Fact]
    public async Task Progress_HoldingNulAndALoneSurrogate_IsStoredEscaped_AndTheJobCompletes()
    {
        var run = Guid.NewGuid().ToString("N");
        var jobId = await SubmitAsync("progress", tasks: 2, run: run);
        using var stop = new CancellationTokenSource();
        var worker = fixture.CreateWorker().RunAsync(stop.Token);
        try
        {
            // The handlers wait until both progress messages are stored by a heartbeat (a third of the lease).
            await Eventually.TrueAsync(async () => (await fixture.Client.ListTasksAsync(jobId)) is { Count: 2 } tasks
                && tasks.All(t => t.ProgressMessage is not null));
            var stored = await fixture.Client.ListTasksAsync(jobId);
            UnstorableTextHandler.Gate(run).SetResult();
            var job = await fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));

            Assert.All(stored, t => Assert.Equal("tile \\u0000 of \\ud800", t.ProgressMessage));
            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.All(await fixture.Client.ListTasksAsync(jobId), t => Assert.Equal(1, t.Attempts));
        }
        finally
        {
            UnstorableTextHandler.Gate(run).TrySetResult();
            await stop.CancelAsync();
            await worker;
        }
    }

    [Fact]
    public async Task Summary_HoldingNul_EndsTheJobCompletedWithErrors_WithAStorableFallback()
    {
        var jobId = await SubmitAsync("summary", tasks: 2);

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var error = job.Result!["finalize_error"]!;
        Assert.Equal(typeof(ContractViolationException).FullName, error["type"]!.GetValue<string>());
        Assert.Equal($"The summary of job {jobId} holds a NUL character (U+0000) at notes[1], which the store cannot hold.", error["message"]!.GetValue<string>());
        Assert.Equal(2, job.Result!["tasks"]!.GetValue<int>());
    }

    [Fact]
    public async Task Finalize_ThrowingWithNulInItsMessage_EndsCompletedWithErrors_WithTheMessageEscaped()
    {
        var jobId = await SubmitAsync("summary_throws");

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal("summary \\u0000 exploded \\udc00", job.Result!["finalize_error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(3)]    // INSERT
    [InlineData(600)]  // COPY: the fault shows after hundreds of rows were streamed
    public async Task Planner_TaskParametersHoldingNul_FailsTheJobNamingThePath_AndWritesNoTask(int tasks)
    {
        var jobId = await SubmitAsync("plan", tasks);

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"planned task 't{tasks - 1}' with parameters that hold a NUL character (U+0000) at tiles[1]", job.Error);
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.tasks WHERE job_id = @id", ("id", jobId)));
    }

    [Fact]
    public async Task Planner_ThrowingWithNulInItsMessage_FailsTheJobWithTheMessageEscaped()
    {
        var jobId = await SubmitAsync("plan_throws", tasks: 3);

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("ArgumentException: no tiles \\u0000 here \\ud800", job.Error);
    }

    [Fact]
    public async Task Cancel_ReasonHoldingALoneSurrogate_IsRefusedAsValidation()
    {
        var jobId = (await fixture.Client.SubmitAsync("noop", new JsonObject { ["label"] = Guid.NewGuid().ToString("N") })).Job.JobId;

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => fixture.Client.CancelJobAsync(jobId, "stop \ud800"));

        Assert.Equal(("reason", StorableText.Rule), (error.Errors[0].Field, error.Errors[0].Rule));
        Assert.Equal(JobStatus.Queued, (await fixture.Client.GetJobAsync(jobId)).Status);
        await fixture.Client.CancelJobAsync(jobId, "clean up");
    }
}
