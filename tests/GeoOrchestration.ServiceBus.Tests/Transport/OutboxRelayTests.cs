using GeoOrchestration.ServiceBus.Tests.Transport.Support;

namespace GeoOrchestration.ServiceBus.Tests.Transport;

/// <summary>The relay over the double and a small in-memory outbox: what is sent where, when it is marked, and how signals coalesce.</summary>
public sealed class OutboxRelayTests
{
    [Fact]
    public async Task Signal_SendsEveryUndispatchedAttemptToItsQueue_ThenMarksIt()
    {
        await using var rig = await RelayRig.StartAsync();
        var tasks = Enumerable.Range(0, 1_200).Select(i => RelayRig.Task(i)).ToList();
        foreach (var task in tasks) rig.Outbox.Ready(task);
        rig.Outbox.Ready(RelayRig.Plan(2));
        rig.Relay.Signal();
        await Until.TrueAsync(() => tasks.All(rig.Outbox.IsDispatched) && rig.Outbox.IsDispatched(RelayRig.Plan(2)), 60);
        Assert.Equal(1, rig.Counts(WorkQueue.Control).Active);
        Assert.Equal(1_200, rig.Counts(WorkQueue.Tasks).Active);
    }

    [Fact]
    public async Task Signal_ARetryDueLater_IsScheduledNotActive()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Outbox.Ready(RelayRig.Task(1, turn: 2), dueIn: TimeSpan.FromMinutes(5));
        rig.Outbox.Ready(RelayRig.Task(2));
        rig.Relay.Signal();
        await Until.TrueAsync(() => rig.Outbox.IsDispatched(RelayRig.Task(1, turn: 2)) && rig.Outbox.IsDispatched(RelayRig.Task(2)), 30);
        var counts = rig.Counts(WorkQueue.Tasks);
        Assert.Equal(1, counts.Scheduled);
        Assert.Equal(1, counts.Active);
    }

    [Fact]
    public async Task Signal_ManySignalsDuringAPass_MakeOneMorePass()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Outbox.ListGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Outbox.Ready(RelayRig.Task(1));
        rig.Relay.Signal();
        await Until.TrueAsync(() => rig.Outbox.Lists == 1, 30);
        for (var i = 0; i < 100; i++) rig.Relay.Signal();
        rig.Outbox.ListGate.SetResult();
        await Until.TrueAsync(() => rig.Outbox.IsDispatched(RelayRig.Task(1)), 30);
        await rig.Relay.FlushAndStopAsync(TimeSpan.FromSeconds(30));
        // The held pass, and one more pass for all 100 signals (a pass lists once when the listing is short).
        Assert.Equal(2, rig.Outbox.Lists);
    }

    [Fact]
    public async Task Resend_OfTheSameAttempt_IsAbsorbedByDuplicateDetection_ButANewTurnGetsThrough()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Outbox.Ready(RelayRig.Task(1));
        rig.Relay.Signal();
        await Until.TrueAsync(() => rig.Outbox.IsDispatched(RelayRig.Task(1)), 30);
        // Stranded right away: the sweep sends the same attempt again, as after a crash between send and mark.
        Assert.Equal(1, await rig.Relay.SweepAsync(TimeSpan.Zero, TimeSpan.Zero, _ => true, CancellationToken.None));
        Assert.Equal(2, rig.Outbox.Marks(RelayRig.Task(1)));
        Assert.Equal(1, rig.Counts(WorkQueue.Tasks).Active);
        rig.Outbox.Ready(RelayRig.Task(1, turn: 2));
        rig.Relay.Signal();
        await Until.TrueAsync(() => rig.Outbox.IsDispatched(RelayRig.Task(1, turn: 2)), 30);
        Assert.Equal(2, rig.Counts(WorkQueue.Tasks).Active);
    }

    [Fact]
    public async Task Sweep_ResendsStrandedAttempts_OnlyOfAQueueThatLooksEmpty()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Outbox.Ready(RelayRig.Task(1));
        rig.Outbox.Ready(RelayRig.Plan(1));
        rig.Relay.Signal();
        await Until.TrueAsync(() => rig.Outbox.IsDispatched(RelayRig.Task(1)) && rig.Outbox.IsDispatched(RelayRig.Plan(1)));

        // Both stranded at once; the task queue still delivers (a backlog ahead of the task), the control queue came back empty.
        Assert.Equal(1, await rig.Relay.SweepAsync(TimeSpan.Zero, TimeSpan.Zero, queue => queue == WorkQueue.Control, CancellationToken.None));

        Assert.Equal(2, rig.Outbox.Marks(RelayRig.Plan(1)));
        Assert.Equal(1, rig.Outbox.Marks(RelayRig.Task(1)));
        Assert.Equal(0, await rig.Relay.SweepAsync(TimeSpan.Zero, TimeSpan.Zero, _ => false, CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_LeavesFreshWorkToTheCommittingWorker()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Outbox.Ready(RelayRig.Task(1));
        Assert.Equal(0, await rig.Relay.SweepAsync(TimeSpan.FromHours(1), TimeSpan.FromHours(2), _ => true, CancellationToken.None));
        Assert.False(rig.Outbox.IsDispatched(RelayRig.Task(1)));
        Assert.Equal(1, await rig.Relay.SweepAsync(TimeSpan.Zero, TimeSpan.FromHours(2), _ => true, CancellationToken.None));
        Assert.True(rig.Outbox.IsDispatched(RelayRig.Task(1)));
    }

    [Fact]
    public async Task Pass_WhileServiceBusIsDown_LeavesTheWorkUndispatched_AndASweepSendsItOnceItIsBack()
    {
        await using var rig = await RelayRig.StartAsync();
        await rig.Double.PauseAsync();
        rig.Outbox.Ready(RelayRig.Task(1));
        Assert.Equal(0, await rig.Relay.SweepAsync(TimeSpan.Zero, TimeSpan.FromHours(1), _ => true, CancellationToken.None));
        Assert.False(rig.Outbox.IsDispatched(RelayRig.Task(1)));
        await rig.Double.ResumeAsync();
        // The circuit may be open after the outage: sweep until it lets a pass through.
        await Until.TrueAsync(async () => await rig.Relay.SweepAsync(TimeSpan.Zero, TimeSpan.FromHours(1), _ => true, CancellationToken.None) == 1);
        Assert.True(rig.Outbox.IsDispatched(RelayRig.Task(1)));
        Assert.Equal(1, rig.Counts(WorkQueue.Tasks).Active);
    }

    [Fact]
    public async Task FlushAndStop_SendsWhatWasSignalled()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Outbox.Ready(RelayRig.Task(1));
        rig.Relay.Signal();
        await rig.Relay.FlushAndStopAsync(TimeSpan.FromSeconds(60));
        Assert.True(rig.Outbox.IsDispatched(RelayRig.Task(1)));
    }
}
