using System.Diagnostics;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.Health;

namespace GeoOrchestration.Hosting.Tests.Health;

/// <summary>
/// What <see cref="HealthProbe"/> makes of a heartbeat file (issue 20), on real files and real processes: fresh and alive
/// is healthy; no file, a stale heartbeat, a dead or different process, a clean stop, a failed run, a record it cannot read
/// are unhealthy with one line saying which; the default max age follows the worker's turn interval; and a store is
/// checked only by looking (a missing embedded file stays missing).
/// </summary>
public sealed class HealthProbeTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geo-health-");
    private string File => Path.Combine(_folder.FullName, "health.json");

    public void Dispose() => _folder.Delete(recursive: true);

    private static DateTimeOffset ThisProcessStarted()
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    }

    /// <summary>A record of this (live) test process, its heartbeat <paramref name="age"/> ago.</summary>
    private HeartbeatRecord Record(TimeSpan age, string state = "running", double turn = 5) => new()
    {
        State = state,
        WorkerId = "test:1:abc",
        ProcessId = Environment.ProcessId,
        ProcessStarted = ThisProcessStarted(),
        Started = DateTimeOffset.UtcNow - age - TimeSpan.FromSeconds(10),
        Heartbeat = DateTimeOffset.UtcNow - age,
        Written = DateTimeOffset.UtcNow,
        TurnIntervalSeconds = turn,
        Running = 2,
        Executed = 40,
        LastStoreCallSucceeded = true,
    };

    private HealthReport Probe(HeartbeatRecord? record, TimeSpan? maxAge = null, bool liveness = true)
    {
        if (record is not null) System.IO.File.WriteAllText(File, record.ToJson());
        return HealthProbe.CheckAsync(new HealthProbeOptions { HealthFile = File, MaxAge = maxAge, Liveness = liveness }, store: null).GetAwaiter().GetResult();
    }

    [Fact]
    public void Check_FreshRecordOfALiveProcess_IsHealthy()
    {
        var report = Probe(Record(TimeSpan.FromSeconds(1)));

        Assert.True(report.Healthy, report.Reason);
        Assert.StartsWith("worker test:1:abc heartbeat 1", report.Reason);
        Assert.EndsWith("(running, 2 running, 40 executed); store not checked (liveness)", report.Reason);
        Assert.Equal(("test:1:abc", Environment.ProcessId, 2, 40L, true), (report.WorkerId, report.ProcessId, report.Running, report.Executed, report.ProcessAlive));
    }

    [Fact]
    public void Check_NoFile_IsUnhealthySayingSo()
    {
        var report = Probe(null);

        Assert.False(report.Healthy);
        Assert.Equal($"no heartbeat file at {File} (the worker has not started, or writes another file)", report.Reason);
    }

    [Fact]
    public void Check_HeartbeatOlderThanMaxAge_IsStaleByHowMuch()
    {
        var report = Probe(Record(TimeSpan.FromSeconds(100)), maxAge: TimeSpan.FromSeconds(30));

        Assert.False(report.Healthy);
        Assert.Matches(@"^heartbeat stale by 7\d s: worker test:1:abc last turned its loops 10\d s ago \(max age 30 s\)$", report.Reason);
        Assert.True(report.ProcessAlive);
    }

    [Fact]
    public void Check_DefaultMaxAge_IsAMinuteOrFourTurnIntervals()
    {
        Assert.False(Probe(Record(TimeSpan.FromSeconds(90))).Healthy);
        Assert.Equal(TimeSpan.FromSeconds(60), Probe(Record(TimeSpan.FromSeconds(1))).MaxAge);
        // A worker whose loops turn every 30 s (a long poll interval) may go 120 s.
        var slow = Probe(Record(TimeSpan.FromSeconds(90), turn: 30));
        Assert.True(slow.Healthy, slow.Reason);
        Assert.Equal(TimeSpan.FromSeconds(120), slow.MaxAge);
    }

    [Fact]
    public void Check_ProcessThatExited_IsNotRunning()
    {
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();

        var report = Probe(Record(TimeSpan.FromSeconds(1)) with { ProcessId = gone.Id, ProcessStarted = null });

        Assert.False(report.Healthy);
        Assert.StartsWith($"worker test:1:abc is not running: process {gone.Id} has exited (killed or crashed)", report.Reason);
        Assert.False(report.ProcessAlive);
    }

    [Fact]
    public void Check_ProcessIdOfAnotherProcess_IsNotTheWorker()
    {
        // The id is live (this process) but started long after the worker's process did: the id was given again.
        var report = Probe(Record(TimeSpan.FromSeconds(1)) with { ProcessStarted = ThisProcessStarted() - TimeSpan.FromHours(1) });

        Assert.False(report.Healthy);
        Assert.Contains("is not running", report.Reason);
    }

    [Fact]
    public void Check_CleanStopAndFailedRun_AreUnhealthy()
    {
        var stopped = Probe(Record(TimeSpan.FromSeconds(1), state: "stopped"));
        var failed = Probe(Record(TimeSpan.FromSeconds(1), state: "failed"));

        Assert.False(stopped.Healthy);
        Assert.Matches(@"^worker test:1:abc stopped at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(a clean stop\)$", stopped.Reason);
        Assert.False(failed.Healthy);
        Assert.Contains("failed at", failed.Reason);
    }

    [Fact]
    public void Check_StoppingWorker_IsAliveButNotReady()
    {
        Assert.True(Probe(Record(TimeSpan.FromSeconds(1), state: "stopping"), liveness: true).Healthy);
        var full = Probe(Record(TimeSpan.FromSeconds(1), state: "stopping"), liveness: false);
        Assert.False(full.Healthy);
        Assert.Equal("worker test:1:abc is stopping (it claims nothing more)", full.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ half a record")]
    [InlineData("{\"schemaVersion\":1}")]
    public void Check_FileThatIsNoRecord_IsUnhealthy(string text)
    {
        System.IO.File.WriteAllText(File, text);

        var report = Probe(null);

        Assert.False(report.Healthy);
        Assert.Equal($"{File} is not a heartbeat record", report.Reason);
    }

    [Fact]
    public void Check_NewerRecordVersion_IsRefused()
    {
        var report = Probe(Record(TimeSpan.FromSeconds(1)) with { SchemaVersion = HeartbeatRecord.CurrentSchemaVersion + 1 });

        Assert.False(report.Healthy);
        Assert.Contains("newer than this probe reads", report.Reason);
    }

    [Fact]
    public void Check_LastStoreCallFailed_IsNamedWithTheStaleHeartbeat()
    {
        var report = Probe(Record(TimeSpan.FromSeconds(100)) with { LastStoreCallSucceeded = false, LastStoreError = "Connection refused" });

        Assert.EndsWith("its last store call failed: Connection refused", report.Reason);
    }

    [Fact]
    public void Check_LivenessWithoutAHeartbeatFile_IsInvalid()
    {
        var error = Assert.Throws<GeoValidationException>(() =>
            HealthProbe.CheckAsync(new HealthProbeOptions { Liveness = true }, store: null).GetAwaiter().GetResult());

        Assert.Equal(("health_file", "required"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public async Task Check_MissingEmbeddedStores_AreReportedAndNotCreated()
    {
        var named = GeoConnection.Resolve($"sqlite:{Path.Combine(_folder.FullName, "named", "geo.db")}", null);
        var data = Path.Combine(_folder.FullName, "data");
        var fresh = new PlatformEnvironment(n => n == "XDG_DATA_HOME" ? data : null, false, _folder.FullName, null);
        var byDefault = GeoConnection.Resolve(null, null, fresh);
        Assert.True(byDefault.CreatesStore);

        foreach (var connection in new[] { named, byDefault })
        {
            var report = await HealthProbe.CheckAsync(new HealthProbeOptions(), connection);

            Assert.False(report.Healthy);
            Assert.False(report.StoreReachable);
            Assert.StartsWith("store unreachable: The SQLite database", report.Reason);
            Assert.EndsWith("(no heartbeat file configured: only the store was checked; give --health-file / -HealthFile or set GEO_HEALTH_FILE to check the worker too)", report.Reason);
        }
        // Neither the named file (nor its folder) nor the default data folder was made.
        Assert.Empty(Directory.GetFileSystemEntries(_folder.FullName));
    }
}
