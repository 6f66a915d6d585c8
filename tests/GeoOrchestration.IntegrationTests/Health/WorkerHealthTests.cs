using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Health;

/// <summary>
/// <c>geoorch health</c> against real <c>geoorch worker</c> processes on the test PostgreSQL (issue 20): healthy while the
/// worker works; unhealthy, with one line saying why, once it was SIGKILLed (its process is gone), after a clean stop,
/// and while its claim loop is wedged on a lock (the process lives and its file is still written, but its heartbeat ages).
/// </summary>
public sealed class WorkerHealthTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geo-health-it-");
    private string HealthFile => Path.Combine(_folder.FullName, "run", "health.json");

    private Dictionary<string, string?> Store => new() { ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = fixture.Schema };

    public void Dispose() => _folder.Delete(recursive: true);

    private WorkerProcess StartWorker(params string[] options) =>
        WorkerProcess.Start(["--health-file", HealthFile, "--poll-interval", "0.5", "--shutdown-grace", "1", .. options], Store);

    [Fact]
    public async Task Health_WorkerBusy_IsHealthy_AndStaysSoUnderLiveness()
    {
        using var worker = StartWorker("--concurrency", "2");
        await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 4, ["delay_ms"] = 4000, ["label"] = "health-busy" });
        var busy = await HealthProbe.RecordAsync(HealthFile, r => r is { State: "running", Running: > 0 }, worker);

        var full = await HealthProbe.RunAsync(Store, "--health-file", HealthFile);
        var liveness = await HealthProbe.RunAsync(Store, "--health-file", HealthFile, "--liveness");
        var json = await HealthProbe.RunAsync(Store, "--health-file", HealthFile, "--output", "json");

        Assert.Equal(0, full.ExitCode);
        Assert.Matches($@"^healthy: worker {busy.WorkerId} heartbeat [\d.]+ s ago \(running, \d+ running, \d+ executed\); store answered$", full.Line);
        Assert.Equal(0, liveness.ExitCode);
        Assert.EndsWith("; store not checked (liveness)", liveness.Line);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal((true, true, true, worker.Id), ((bool)json.Json!["healthy"]!, (bool)json.Json["storeReachable"]!, (bool)json.Json["processAlive"]!, (int)json.Json["processId"]!));
        Assert.True((int)json.Json["running"]! > 0, json.Json.ToJsonString());
    }

    [Fact]
    public async Task Health_WorkerKilled_IsUnhealthyNamingTheDeadProcess()
    {
        using var worker = StartWorker();
        var record = await HealthProbe.RecordAsync(HealthFile, r => r.State == "running", worker);
        Assert.Equal(0, (await HealthProbe.RunAsync(Store, "--health-file", HealthFile, "--liveness")).ExitCode);

        await worker.CrashAsync();
        var after = await HealthProbe.RunAsync(Store, "--health-file", HealthFile, "--liveness");

        Assert.Equal(1, after.ExitCode);
        Assert.Matches($@"^unhealthy: worker {record.WorkerId} is not running: process {worker.Id} has exited \(killed or crashed\); its last heartbeat was [\d.]+ s ago$", after.Line);
        // Its last record is left as it was: a SIGKILL gives no chance to write.
        Assert.Equal("running", HeartbeatRecordOf(HealthFile).State);
    }

    [Fact]
    public async Task Health_WorkerStoppedCleanly_IsUnhealthySayingSo()
    {
        using var worker = StartWorker();
        var record = await HealthProbe.RecordAsync(HealthFile, r => r.State == "running", worker);

        Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
        var after = await HealthProbe.RunAsync(Store, "--health-file", HealthFile);

        Assert.Equal(1, after.ExitCode);
        Assert.Matches($@"^unhealthy: worker {record.WorkerId} stopped at \S+Z \(a clean stop\)$", after.Line);
    }

    [Fact]
    public async Task Health_ClaimLoopWedgedOnALock_GoesStaleWhileTheProcessLives_AndRecovers()
    {
        using var worker = StartWorker();
        await HealthProbe.RecordAsync(HealthFile, r => r.State == "running", worker);
        Assert.Equal(0, (await HealthProbe.RunAsync(Store, "--health-file", HealthFile, "--liveness", "--max-age", "3")).ExitCode);

        // Every claim reads the tasks table: locked, the claim waits (for Npgsql's 30 s command timeout), and the loop stops turning.
        await using var data = fixture.Server.CreateDataSource();
        await using var connection = await data.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var command = new NpgsqlCommand($"LOCK TABLE \"{fixture.Schema}\".tasks IN ACCESS EXCLUSIVE MODE", connection, transaction))
                await command.ExecuteNonQueryAsync();

            var stale = await HealthProbe.UntilAsync(v => v.ExitCode == 1, Store, "--health-file", HealthFile, "--liveness", "--max-age", "3", "--output", "json");

            Assert.Matches($@"^heartbeat stale by [\d.]+ s: worker \S+ last turned its loops [\d.]+ s ago \(max age 3 s\)", stale.Line);
            Assert.True((bool)stale.Json!["processAlive"]!);
            // The file itself stays fresh: the writer goes on rewriting it, and it is the worker's own heartbeat inside that ages.
            await HealthProbe.RecordAsync(HealthFile, r => r.State == "running" && r.Written - r.Heartbeat > TimeSpan.FromSeconds(3), worker);
            Assert.False(worker.HasExited);
            await transaction.RollbackAsync();
        }

        await HealthProbe.UntilAsync(v => v.ExitCode == 0, Store, "--health-file", HealthFile, "--liveness", "--max-age", "3");
    }

    private static Hosting.Health.HeartbeatRecord HeartbeatRecordOf(string path) =>
        Hosting.Health.HeartbeatRecord.Parse(File.ReadAllText(path)) ?? throw new Xunit.Sdk.XunitException($"{path} holds no record");
}
