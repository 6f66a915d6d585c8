using System.Text.Json;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.Health;
using GeoOrchestration.Jobs;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Hosting.Tests.Health;

/// <summary>
/// The worker's heartbeat file (issue 20), written by <see cref="HeartbeatFile"/> on real files: the folder made when
/// missing, the record's fields, a path that cannot be written refused at start naming it, the end marked stopped or
/// failed, and every read of a file being rewritten finding a whole record (temp file and rename).
/// </summary>
public sealed class HeartbeatFileTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geo-heartbeat-");
    private GeoClient _client = null!;
    private Worker _worker = null!;

    public Task InitializeAsync()
    {
        // A worker that is never run: its record says "starting" (its vitals before RunAsync).
        _client = GeoConnection.Resolve($"sqlite:{Path.Combine(_folder.FullName, "geo.db")}", null).AllowingCreation()
            .CreateClient(JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        _worker = _client.CreateWorker(new WorkerOptions { WorkerId = "test:42:cafe00", Concurrency = 3 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private static HeartbeatRecord Read(string path) => HeartbeatRecord.Parse(File.ReadAllText(path)) ?? throw new Xunit.Sdk.XunitException($"{path} holds no record");

    [Fact]
    public async Task Start_MissingFolder_IsCreatedAndTheFirstRecordWritten()
    {
        var path = Path.Combine(_folder.FullName, "a", "b", "health.json");

        await using (var file = HeartbeatFile.Start(path, _worker))
        {
            var record = Read(path);
            Assert.Equal(path, file.Path);
            Assert.Equal((1, "starting", "test:42:cafe00", Environment.ProcessId, 0, 0L), (record.SchemaVersion, record.State, record.WorkerId, record.ProcessId, record.Running, record.Executed));
            Assert.NotNull(record.ProcessStarted);
            Assert.Equal(5, record.TurnIntervalSeconds);
            // Camel-case JSON, as the README shows it.
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(
                ["schemaVersion", "state", "workerId", "processId", "processStarted", "started", "heartbeat", "written", "turnIntervalSeconds", "running", "executed", "lastStoreCallSucceeded", "lastStoreError"],
                json.RootElement.EnumerateObject().Select(p => p.Name));
        }
        Assert.Equal(["health.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Start_PathThatCannotBeWritten_IsRefusedNamingIt()
    {
        // A file where the folder should be: no user, not even root, can make the folder.
        var blocker = Path.Combine(_folder.FullName, "blocker");
        File.WriteAllText(blocker, "");
        var path = Path.Combine(blocker, "health.json");

        var error = Assert.Throws<GeoConfigurationException>(() => HeartbeatFile.Start(path, _worker));

        Assert.Equal(HeartbeatFile.UnwritableId, error.ErrorId);
        Assert.StartsWith($"The health file '{path}' cannot be written (", error.Message);
        Assert.Contains("nothing was started", error.Message);
    }

    [Fact]
    public async Task Dispose_AfterACleanStop_MarksStopped_ElseFailed()
    {
        var clean = Path.Combine(_folder.FullName, "clean.json");
        var failed = Path.Combine(_folder.FullName, "failed.json");

        await using (var file = HeartbeatFile.Start(clean, _worker)) file.WorkerStopped();
        await using (HeartbeatFile.Start(failed, _worker)) { }

        Assert.Equal("stopped", Read(clean).State);
        Assert.Equal("failed", Read(failed).State);
    }

    [Fact]
    public async Task Write_WhileRead_AlwaysFindsAWholeRecord()
    {
        var path = Path.Combine(_folder.FullName, "busy.json");
        var reads = 0;
        await using (HeartbeatFile.Start(path, _worker, interval: TimeSpan.FromMilliseconds(1)))
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (DateTime.UtcNow < until)
            {
                // A reader opening the file mid-write would see it empty or cut short: the rename leaves it no chance.
                Assert.NotNull(HeartbeatRecord.Parse(File.ReadAllText(path)));
                reads++;
            }
            Assert.True(Read(path).Written > Read(path).Heartbeat, "the file was rewritten meanwhile");
        }
        Assert.True(reads > 100, $"only {reads} reads");
    }
}
