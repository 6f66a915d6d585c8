using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.IntegrationTests.ServiceBusCli;

/// <summary>
/// geoorch's Service Bus options carry work end to end (issue 19, part 3): real processes on PostgreSQL and the
/// double. <c>submit --servicebus-connection</c> sends what it made ready, a <c>worker</c> started with them says
/// so in its start line and runs the job, and <c>run</c> does both in one process; no key is printed.
/// </summary>
public sealed class CliServiceBusRunTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IAsyncLifetime
{
    private static readonly string Key = "k" + Guid.NewGuid().ToString("N");
    private ServiceBusDouble _double = null!;

    public async Task InitializeAsync()
    {
        _double = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { SharedAccessKey = Key });
        foreach (var queue in new[] { "geo-control", "geo-tasks" })
            _double.Queues.CreateQueue(queue, new QueueSettings { RequiresDuplicateDetection = true, DeadLetteringOnMessageExpiration = true });
    }

    public async Task DisposeAsync() => await _double.DisposeAsync();

    private Dictionary<string, string?> Environment(string? serviceBus = null) => new()
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
        ["GEO_SERVICEBUS"] = serviceBus,
    };

    [Fact]
    public async Task SubmitThenWorker_WithTheConnectionOption_RunTheJob_AndTheStartLineNamesServiceBus()
    {
        var submit = await Geoorch.RunAsync(["submit", "hello_world", "-p", "count=3", "--run-key", Guid.NewGuid().ToString(),
            "--servicebus-connection", _double.ConnectionString, "--output", "json"], Environment(), TimeSpan.FromSeconds(90));
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        var jobId = submit.Json["jobId"]!.GetValue<string>();
        using var worker = WorkerProcess.Start(["--servicebus-connection", _double.ConnectionString, "--shutdown-grace", "5"], Environment());
        try
        {
            var job = await fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(90));
            Assert.Equal(Model.JobStatus.Completed, job.Status);
        }
        finally
        {
            Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
        }
        var started = Assert.Single(worker.Tail.Split('\n'), line => line.Contains(" started: store postgresql://"));
        Assert.Contains("; transport Azure Service Bus (127.0.0.1", started);
        Assert.DoesNotContain(Key, worker.Tail);
        Assert.DoesNotContain(Key, submit.Stdout + submit.Stderr);
    }

    [Fact]
    public async Task Run_WithGeoServiceBus_RunsTheJobOverTheTransport()
    {
        var run = await Geoorch.RunAsync(["run", "hello_world", "-p", "count=2", "--run-key", Guid.NewGuid().ToString(), "--output", "json", "--verbose"],
            Environment(serviceBus: _double.ConnectionString), TimeSpan.FromSeconds(120));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("completed", run.Json["status"]!.GetValue<string>());
        Assert.Contains("geoorch: transport Azure Service Bus 127.0.0.1 (SAS connection string, development emulator) (GEO_SERVICEBUS)", run.Stderr);
        Assert.DoesNotContain(Key, run.Stdout + run.Stderr);
    }
}
