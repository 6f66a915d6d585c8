using GeoOrchestration.Engine;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Core.Tests.Engine;

/// <summary>
/// The worker's heartbeat for a health probe (issue 20), apart from any store: only the worker's own loops move it,
/// it is the older of the claim loop's and maintenance's last turn (so a stuck claim loop ages it even while
/// maintenance ticks on), maintenance's alone once the claim loop ended, and it carries the last store call's outcome.
/// </summary>
public sealed class WorkerPulseTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Heartbeat_BeforeStart_IsNull()
    {
        var pulse = new WorkerPulse(_time);

        Assert.Null(pulse.Heartbeat);
        Assert.Null(pulse.Snapshot(new WorkerOptions(), 0, 0).Started);
    }

    [Fact]
    public void Heartbeat_BothLoopsTurning_IsTheOlderTurn()
    {
        var pulse = new WorkerPulse(_time);
        pulse.Start();
        _time.Advance(TimeSpan.FromSeconds(3));
        pulse.ClaimLoopTurned();
        _time.Advance(TimeSpan.FromSeconds(1));
        pulse.MaintenanceTurned();

        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(1), pulse.Heartbeat);
    }

    [Fact]
    public void Heartbeat_ClaimLoopStuck_AgesWhileMaintenanceTicks()
    {
        var pulse = new WorkerPulse(_time);
        pulse.Start();
        pulse.ClaimLoopTurned();
        var stuckSince = _time.GetUtcNow();
        for (var i = 0; i < 90; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            pulse.MaintenanceTurned();
        }

        Assert.Equal(stuckSince, pulse.Heartbeat);
    }

    [Fact]
    public void Heartbeat_MaintenanceStuck_AgesWhileTheClaimLoopTurns()
    {
        var pulse = new WorkerPulse(_time);
        pulse.Start();
        var stuckSince = _time.GetUtcNow();
        for (var i = 0; i < 90; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            pulse.ClaimLoopTurned();
        }

        Assert.Equal(stuckSince, pulse.Heartbeat);
    }

    [Fact]
    public void Heartbeat_AfterTheClaimLoopEnded_IsMaintenancesAlone()
    {
        var pulse = new WorkerPulse(_time);
        pulse.Start();
        pulse.ClaimLoopEnded();
        _time.Advance(TimeSpan.FromSeconds(20));
        pulse.MaintenanceTurned();

        Assert.Equal(_time.GetUtcNow(), pulse.Heartbeat);
        Assert.True(pulse.Snapshot(new WorkerOptions(), 1, 7).Stopping);
    }

    [Fact]
    public void Snapshot_LastStoreCall_IsTheLatestOutcomeWithTheErrorsFirstLine()
    {
        var pulse = new WorkerPulse(_time);
        Assert.Null(pulse.Snapshot(new WorkerOptions(), 0, 0).LastStoreCallSucceeded);

        pulse.StoreCallFailed(new InvalidOperationException("Connection refused\n   at Npgsql.Connect()"));
        var failed = pulse.Snapshot(new WorkerOptions(), 2, 5);
        pulse.StoreCallSucceeded();
        var recovered = pulse.Snapshot(new WorkerOptions(), 2, 5);

        Assert.Equal((false, "Connection refused", 2, 5L), (failed.LastStoreCallSucceeded, failed.LastStoreError, failed.Running, failed.Executed));
        Assert.Equal((true, (string?)null), (recovered.LastStoreCallSucceeded, recovered.LastStoreError));
    }

    [Fact]
    public void TurnInterval_IsThePollIntervalOrTheShortestMaintenancePeriodWhenLonger()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), WorkerPulse.TurnInterval(new WorkerOptions()));
        Assert.Equal(TimeSpan.FromSeconds(60), WorkerPulse.TurnInterval(new WorkerOptions { PollInterval = TimeSpan.FromSeconds(60) }));
        // A year-long lease and no janitor: the progress loop (every second) still turns.
        Assert.Equal(TimeSpan.FromSeconds(1), WorkerPulse.TurnInterval(new WorkerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(200), Lease = TimeSpan.FromDays(365), RunJanitor = false,
        }));
    }
}
