using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;

namespace GeoOrchestration.IntegrationTests.Reliability;

/// <summary>
/// A <c>geoorch worker</c> started before its store is ready waits for it (StoreStartupWait) instead of
/// exiting: PostgreSQL not yet listening, a SQLite file locked by another client. What a wait cannot mend
/// stays immediate; the limit ends the wait with the attempts named; SIGTERM ends it at once. Real
/// processes, a PostgreSQL cluster of the test's own (stopped and started), the sqlite3 CLI as the second client.
/// </summary>
public sealed class WorkerStartupWaitTests
{
    private const string Schema = "startup_wait";
    private const string WaitingLine = "Waiting for the store";

    [Fact]
    public async Task Worker_StartedBeforePostgres_WaitsThenRegistersAndCompletesAJob()
    {
        var cluster = BinaryCluster.Start(BinaryCluster.FindBinaries());
        try
        {
            var store = new PostgresStore(new PostgresStoreOptions { ConnectionString = cluster.ConnectionString, Schema = Schema });
            await using var client = new GeoClient(store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
            await client.DeploySchemaAsync();
            cluster.Stop();

            using var worker = WorkerProcess.Start(["--startup-timeout", "10m", "--poll-interval", "1"],
                new Dictionary<string, string?> { ["GEO_CONNECTION"] = cluster.ConnectionString, ["GEO_SCHEMA"] = Schema });
            // The worker is up and waiting (it logged a failed attempt), not gone.
            await Eventually.TrueAsync(() => Task.FromResult(worker.Tail.Contains(WaitingLine) || worker.HasExited), seconds: 120);
            Assert.False(worker.HasExited, $"the worker exited instead of waiting for PostgreSQL:\n{worker.Tail}");
            Assert.False(worker.HasStarted, $"the worker started with no server:\n{worker.Tail}");

            cluster.StartAgain();
            await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted || worker.HasExited), seconds: 180);
            Assert.True(worker.HasStarted, $"the worker did not start once PostgreSQL came up:\n{worker.Tail}");

            var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = 3 });
            var job = await client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromMinutes(2));
            Assert.True(job.Status == JobStatus.Completed, $"job ended {job.Status}: {job.Error}\n{worker.Tail}");
            Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            cluster.Remove();
        }
    }

    [Fact]
    public async Task Worker_SchemaNotDeployedYet_WaitsForTheDeployThenStarts()
    {
        // A worker started beside its schema's deploy job (a Kubernetes Job, a compose service): it waits for the deploy.
        var schema = $"startup_deploy_{Guid.NewGuid():N}"[..28];
        var environment = new Dictionary<string, string?> { ["GEO_CONNECTION"] = PostgresServer.Instance.ConnectionString, ["GEO_SCHEMA"] = schema };
        using var worker = WorkerProcess.Start(["--startup-timeout", "10m"], environment);
        await Eventually.TrueAsync(() => Task.FromResult(worker.Tail.Contains("waiting for a schema deploy") || worker.HasExited), seconds: 120);
        Assert.False(worker.HasExited, $"the worker exited instead of waiting for the deploy:\n{worker.Tail}");

        var deploy = await Geoorch.RunAsync(["schema", "deploy"], environment);
        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted || worker.HasExited), seconds: 180);
        Assert.True(worker.HasStarted, $"the worker did not start once the schema was deployed:\n{worker.Tail}");
        Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Worker_LoginRefused_ExitsAtOnceWithTheConfigurationCode()
    {
        // The test clusters trust every login, so the refusal is an unknown role: the same SQLSTATE class 28 as a wrong password.
        var connection = PostgresServer.Instance.ConnectionString + ";Username=no_such_role_startup;Password=wrong";
        var run = await Geoorch.RunAsync(["worker", "--connection", connection, "--startup-timeout", "10m"], timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 7, $"exit {run.ExitCode}:\n{run.Stderr}");
        Assert.Contains("refused the login", run.Stderr);
        Assert.DoesNotContain(WaitingLine, run.Stderr);
    }

    [Fact]
    public async Task Worker_NothingListening_GivesUpAtTheLimitNamingTheAttempts()
    {
        var connection = $"Host=127.0.0.1;Port={BinaryCluster.FreePort()};Username=postgres;Timeout=2";
        var run = await Geoorch.RunAsync(["worker", "--connection", connection, "--startup-timeout", "3s"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 4, $"exit {run.ExitCode}:\n{run.Stderr}");
        Assert.Contains(WaitingLine, run.Stderr);
        Assert.Matches(@"PostgreSQL is unavailable: .* \(gave up after \d+ attempts over .*; startup timeout 3 s\)", run.Stderr);
    }

    [Fact]
    public async Task Worker_SigtermWhileWaiting_ExitsPromptlyWithTheInterruptedCode()
    {
        var connection = $"Host=127.0.0.1;Port={BinaryCluster.FreePort()};Username=postgres;Timeout=2";
        using var worker = WorkerProcess.Start(["--connection", connection, "--startup-timeout", "1h"], new Dictionary<string, string?>());
        await Eventually.TrueAsync(() => Task.FromResult(worker.Tail.Contains(WaitingLine) || worker.HasExited), seconds: 120);
        Assert.False(worker.HasExited, worker.Tail);
        // Far within the hour it would wait: the signal ends the wait, not the limit.
        var exit = await worker.TerminateAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 130, $"exit {exit?.ToString() ?? "none within 60 s"}:\n{worker.Tail}");
        Assert.Contains("Stopped while waiting for the store", worker.Tail);
    }

    [Fact]
    public async Task Worker_SqliteFileLockedBySqlite3_WaitsThenRuns()
    {
        var folder = Directory.CreateTempSubdirectory("geoorch-startup-").FullName;
        var path = Path.Combine(folder, "geo.db");
        try
        {
            Assert.Equal(0, (await Geoorch.RunAsync(["schema", "deploy", "--connection", $"sqlite:{path}"])).ExitCode);
            // A real second client holds the file's exclusive lock (as a backup or a long write would).
            using var holder = Process.Start(new ProcessStartInfo("sqlite3", [path])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            await holder.StandardInput.WriteLineAsync("BEGIN EXCLUSIVE; SELECT 'locked';");
            await holder.StandardInput.FlushAsync();
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());

            using var worker = WorkerProcess.Start(["--connection", $"sqlite:{path}", "--startup-timeout", "10m"], new Dictionary<string, string?>());
            await Eventually.TrueAsync(() => Task.FromResult(worker.Tail.Contains(WaitingLine) || worker.HasExited || worker.HasStarted), seconds: 180);
            Assert.False(worker.HasExited, $"the worker exited instead of waiting for the lock:\n{worker.Tail}");
            Assert.False(worker.HasStarted, $"the worker started under another client's exclusive lock:\n{worker.Tail}");
            Assert.Contains("database", worker.Tail);

            await holder.StandardInput.WriteLineAsync("COMMIT;");
            await holder.StandardInput.WriteLineAsync(".quit");
            await holder.StandardInput.FlushAsync();
            await holder.WaitForExitAsync();
            await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted || worker.HasExited), seconds: 180);
            Assert.True(worker.HasStarted, $"the worker did not start once the lock was released:\n{worker.Tail}");

            var submit = await Geoorch.RunAsync(["submit", "noop", "--connection", $"sqlite:{path}", "--param", "tasks=2", "--wait", "--timeout", "120"]);
            Assert.True(submit.ExitCode == 0, $"submit exit {submit.ExitCode}: {submit.Stderr}\n{worker.Tail}");
            Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
