using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Outbox;

/// <summary>
/// The relay in a worker's process hears of every commit that made work ready (or scheduled it), right
/// after the commit, so it sends at once instead of waiting for the sweeper; never of a rollback.
/// Each call looks, from a connection of its own, at what is undispatched: a call before the commit
/// would not see the work it announces.
/// </summary>
public sealed class WorkCommittedTests : OutboxSchema, IDisposable
{
    private readonly List<long> _seen = [];
    private NpgsqlDataSource? _observer;
    private IDisposable? _subscription;

    private void Subscribe()
    {
        _observer = Fixture.Server.CreateDataSource();
        _subscription = Outbox.WorkCommittedSubscribe(() =>
        {
            // A test's subscriber may block; a relay's must not.
            using var count = _observer.CreateCommand(
                $"SELECT (SELECT count(*) FROM \"{Fixture.Schema}\".tasks WHERE status = 'queued' AND dispatched_at IS NULL) " +
                $"+ (SELECT count(*) FROM \"{Fixture.Schema}\".job_work WHERE lease_expires_at IS NULL OR lease_expires_at < now())");
            lock (_seen) _seen.Add((long)count.ExecuteScalar()!);
        });
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _observer?.Dispose();
    }

    private List<long> Seen()
    {
        lock (_seen) return [.. _seen];
    }

    [Fact]
    public async Task Submit_CallsAfterItsCommit()
    {
        Subscribe();

        await SubmitAsync();

        Assert.Equal([1L], Seen());
    }

    [Fact]
    public async Task Submit_OfAJobThatExisted_DoesNotCall()
    {
        var options = SubmitOptions.Default with { RunKey = "once" };
        Assert.True((await Fixture.Client.SubmitAsync("test_wide", null, options)).Created);
        Subscribe();

        Assert.False((await Fixture.Client.SubmitAsync("test_wide", null, options)).Created);

        Assert.Empty(Seen());
    }

    [Fact]
    public async Task Plan_CallsAfterItsCommit()
    {
        var jobId = await SubmitAsync();
        Subscribe();

        await PlannedAsyncFor(jobId);

        Assert.Equal([3L], Seen());
    }

    [Fact]
    public async Task StageAdvance_CallsAfterItsCommit()
    {
        await PlannedAsync(tasks: 2);
        var tasks = await ClaimAsync();
        Subscribe();

        await Steps.TaskCompleteBatchAsync(tasks.Select(t => new TaskCompleteParams(t.TaskId!, null)).ToList(), default);

        // The fan-in's plan item.
        Assert.Equal([1L], Seen());
    }

    [Fact]
    public async Task Completion_ThatClosesNoStage_DoesNotCall()
    {
        await PlannedAsync(tasks: 2);
        var task = (await ClaimAsync(limit: 1)).Single();
        Subscribe();

        await Steps.TaskCompleteAsync(new TaskCompleteParams(task.TaskId!, null), default);

        Assert.Empty(Seen());
    }

    [Fact]
    public async Task RetryScheduled_CallsAfterItsCommit()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();
        Subscribe();

        await Steps.TaskFailAsync(new TaskFailParams(task.TaskId!, "w", task.Attempt, "Boom", "later", TimeSpan.FromHours(1)), default);

        Assert.Equal([1L], Seen());
    }

    [Fact]
    public async Task HandBack_CallsAfterItsCommit()
    {
        await PlannedAsync(tasks: 1);
        var task = (await ClaimAsync()).Single();
        Subscribe();

        await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(task.TaskId!, task.Attempt)]), default);

        Assert.Equal([1L], Seen());
    }

    [Fact]
    public async Task Rescue_CallsAfterItsCommit()
    {
        await PlannedAsync(tasks: 1);
        await ClaimAsync(lease: TimeSpan.FromSeconds(30));
        await using var later = StoreAhead(TimeSpan.FromHours(1));
        var calls = 0;
        using var subscription = ((IGeoStoreOutbox)later).WorkCommittedSubscribe(() => Interlocked.Increment(ref calls));

        await new Engine.EngineSteps(later).JanitorRunAsync(default);

        Assert.Equal(1, calls);
        Assert.Single(await ListAsync(), e => e.Attempt.Kind == WorkKind.RunTask);
    }

    [Fact]
    public async Task JobRetry_CallsAfterItsCommit()
    {
        var jobId = await PlannedAsync(tasks: 1);
        await Steps.JobCancelAsync(jobId, "test", default);
        Subscribe();

        await Steps.JobRetryAsync(jobId, default);

        Assert.Equal([1L], Seen());
    }

    [Fact]
    public async Task RolledBack_DoesNotCall()
    {
        var jobId = await SubmitAsync();
        Subscribe();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ExecuteAsync<int>(async (tx, ct) =>
        {
            await tx.WorkEnqueueAsync(new WorkEnqueueParams(jobId, new WorkStep(WorkKind.Finalize, 2)), ct);
            await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Control), ct);
            throw new InvalidOperationException("rolled back by the test");
        }, default));

        Assert.Empty(Seen());
    }

    [Fact]
    public async Task Unsubscribed_DoesNotCall()
    {
        Subscribe();
        _subscription!.Dispose();

        await SubmitAsync();

        Assert.Empty(Seen());
    }

    /// <summary>Plans the first stage of a job submitted before (three tasks).</summary>
    private async Task PlannedAsyncFor(string jobId)
    {
        var plan = (await ClaimNamedAsync(new WorkAttempt(WorkKind.PlanStage, jobId, 1, null, 1))).Single();
        var planned = Enumerable.Range(0, 3).Select(i => new PlannedTask($"{jobId[..16]}-s1-t{i}", $"t{i}", "test_echo",
            new System.Text.Json.Nodes.JsonObject { ["index"] = i }, 3));
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, plan.TotalStages, planned), default);
    }
}
