using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.IntegrationTests;

/// <summary>What the façade grew for the PowerShell module: run keys, parameters from values, progress, worker activity.</summary>
public sealed class ClientFacadeTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task Submit_WithRunKey_IsANewJobPerKey_AndTheSameJobForTheSameKey()
    {
        var parameters = new JsonObject { ["count"] = 31 };
        var plain = await fixture.Client.SubmitAsync("hello_world", parameters);
        var monday = await fixture.Client.SubmitAsync("hello_world", parameters, new SubmitOptions { RunKey = "2026-11-30" });
        var mondayAgain = await fixture.Client.SubmitAsync("hello_world", parameters, new SubmitOptions { RunKey = "2026-11-30" });
        var tuesday = await fixture.Client.SubmitAsync("hello_world", parameters, new SubmitOptions { RunKey = "2026-12-01" });

        Assert.True(monday.Created);
        Assert.False(mondayAgain.Created);
        Assert.Equal(monday.Job.JobId, mondayAgain.Job.JobId);
        Assert.True(tuesday.Created);
        Assert.Equal(3, new[] { plain.Job.JobId, monday.Job.JobId, tuesday.Job.JobId }.Distinct().Count());
        Assert.Equal(monday.Job.JobId, fixture.Client.ComputeJobId("hello_world", parameters, new SubmitOptions { RunKey = "2026-11-30" }));
    }

    [Fact]
    public async Task Submit_MalformedRunKey_IsRefusedAndWritesNothing()
    {
        var before = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");
        var error = await Assert.ThrowsAsync<GeoValidationException>(() =>
            fixture.Client.SubmitAsync("hello_world", new JsonObject { ["count"] = 32 }, new SubmitOptions { RunKey = "" }));
        Assert.Equal("run_key", error.Errors.Single().Field);
        Assert.Equal(before, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
    }

    [Fact]
    public void ParametersFrom_TypesTextBySchema_MatchesKeysInAnyCase_AndLeavesEmptyCellsOut()
    {
        var parameters = fixture.Client.ParametersFrom("noop", [new("Tasks", "5"), new("delay_ms", 10L), new("label", ""), new("transient_failure_rate", "0.5")]);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"tasks":5,"delay_ms":10,"transient_failure_rate":0.5}"""), parameters), parameters.ToJsonString());
    }

    [Fact]
    public void ParametersFrom_ListsFromTextOrArrays_AndEveryBadValueIsNamed()
    {
        Assert.Equal("""{"names":["Ada","Grace"]}""", fixture.Client.ParametersFrom("hello_world", [new("names", "Ada,Grace")]).ToJsonString());
        Assert.Equal("""{"names":["Ada","Grace"]}""", fixture.Client.ParametersFrom("hello_world", [new("names", new object[] { "Ada", "Grace" })]).ToJsonString());

        var error = Assert.Throws<GeoValidationException>(() =>
            fixture.Client.ParametersFrom("noop", [new("tasks", "many"), new("delay_ms", "soon"), new("TASKS", "3")]));
        Assert.Equal(["delay_ms", "tasks", "tasks"], error.Errors.Select(e => e.Field).Order());
        Assert.Contains(error.Errors, e => e.Rule == "duplicate");
    }

    [Fact]
    public async Task EnumerateJobs_PagesPastTheListLimit_WithoutDuplicates_AndHonoursFirstAndSince()
    {
        var label = Guid.NewGuid().ToString("N");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < GeoClient.MaxListLimit + 5; i++)
            await fixture.Client.SubmitAsync("noop", new JsonObject { ["label"] = $"{label}-{i}" });

        var all = new List<JobRecord>();
        await foreach (var job in fixture.Client.EnumerateJobsAsync(new JobQuery { JobType = "noop", CreatedSince = since })) all.Add(job);
        var first = new List<JobRecord>();
        await foreach (var job in fixture.Client.EnumerateJobsAsync(new JobQuery { JobType = "noop", First = 3 })) first.Add(job);

        Assert.Equal(GeoClient.MaxListLimit + 5, all.Count(j => j.Parameters["label"]?.GetValue<string>().StartsWith(label) == true));
        Assert.Equal(all.Count, all.Select(j => j.JobId).Distinct().Count());
        Assert.Equal(all.OrderByDescending(j => j.Created).ThenBy(j => j.JobId, StringComparer.Ordinal).Select(j => j.JobId), all.Select(j => j.JobId));
        Assert.Equal(3, first.Count);
    }

    [Fact]
    public async Task ListTasks_OfAStageLargerThanTheOldCap_ReturnsEveryTask()
    {
        var submission = await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 10_001, ["label"] = Guid.NewGuid().ToString() });
        await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId, concurrency: 16);

        var tasks = await fixture.Client.ListTasksAsync(submission.Job.JobId);

        Assert.Equal(10_001, tasks.Count);
        Assert.Equal(10_001, tasks.Select(t => t.TaskId).Distinct().Count());
    }

    [Fact]
    public async Task JobProgress_ReadsTheCurrentStagesCounter()
    {
        var submission = await fixture.Client.SubmitAsync("hello_world", new JsonObject { ["count"] = 2 });
        var queued = await fixture.Client.GetJobProgressAsync(submission.Job.JobId);
        await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        var done = await fixture.Client.GetJobProgressAsync(submission.Job.JobId[..10]);

        Assert.Null(queued.Current);
        Assert.Equal((3, 1, 0), (done.Current!.Stage, done.Current.TaskCount, done.Current.Remaining));
        Assert.Equal(100, done.Percent);
    }

    [Fact]
    public async Task WaitForJobs_WithNoWorker_WarnsOnce_AndTimesOutWithTheJob()
    {
        await using var quiet = new QuietSchema(fixture);
        var submission = await quiet.Client.SubmitAsync("hello_world", new JsonObject { ["count"] = 1 });
        var events = new List<JobWaitEvent>();

        var finished = await quiet.Client.WaitForJobsAsync([submission.Job.JobId],
            new JobWaitOptions { Timeout = TimeSpan.FromSeconds(2), NoWorkerAfter = TimeSpan.FromMilliseconds(300) }, events.Add);

        Assert.Empty(finished);
        Assert.Single(events.OfType<JobWaitNoWorker>());
        var timedOut = Assert.Single(events.OfType<JobWaitTimedOut>());
        Assert.Equal(submission.Job.JobId, timedOut.Job.JobId);
        Assert.IsType<JobWaitProgress>(events[0]);
    }

    [Fact]
    public async Task WaitForJobs_WhileAWorkerHoldsALongTask_DoesNotWarn()
    {
        await using var quiet = new QuietSchema(fixture);
        var submission = await quiet.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["delay_ms"] = 2500 });
        using var stop = new CancellationTokenSource();
        var worker = quiet.Client.CreateWorker(new Engine.WorkerOptions { Lease = TimeSpan.FromSeconds(10) }).RunAsync(stop.Token);
        var events = new List<JobWaitEvent>();
        try
        {
            var finished = await quiet.Client.WaitForJobsAsync([submission.Job.JobId],
                new JobWaitOptions { Timeout = TimeSpan.FromSeconds(60), NoWorkerAfter = TimeSpan.FromMilliseconds(500) }, events.Add);

            Assert.Equal(JobStatus.Completed, Assert.Single(finished).Status);
            Assert.Empty(events.OfType<JobWaitNoWorker>());
            Assert.Equal(submission.Job.JobId, events.OfType<JobWaitFinished>().Single().Job.JobId);
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
        }
    }

    [Fact]
    public async Task WorkerActivity_IsNeverOnAFreshSchema_AndRecentAfterAWorkerRan()
    {
        await using var quiet = new QuietSchema(fixture);
        var before = await quiet.Client.GetWorkerActivityAsync();
        var submission = await quiet.Client.SubmitAsync("hello_world", new JsonObject { ["count"] = 1 });
        Assert.Null((await quiet.Client.GetWorkerActivityAsync())!.LastSeen);
        using var stop = new CancellationTokenSource();
        var worker = quiet.Client.CreateWorker(new Engine.WorkerOptions()).RunAsync(stop.Token);
        await quiet.Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await worker;

        var after = await quiet.Client.GetWorkerActivityAsync();

        Assert.Null(before!.LastSeen);
        Assert.NotNull(after!.LastSeen);
        Assert.True(after.Idle < TimeSpan.FromMinutes(1));
    }

    /// <summary>A schema no other test's workers touch: worker activity there is this test's alone.</summary>
    private sealed class QuietSchema : IAsyncDisposable
    {
        private readonly SchemaFixture _fixture;
        private readonly string _schema = $"q{Guid.NewGuid().ToString("N")[..12]}";

        public QuietSchema(SchemaFixture fixture)
        {
            _fixture = fixture;
            Client = new GeoClient(fixture.CreateStore(_schema), fixture.Registry);
            Client.DeploySchemaAsync().GetAwaiter().GetResult();
        }

        public GeoClient Client { get; }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await using var dataSource = _fixture.Server.CreateDataSource();
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
