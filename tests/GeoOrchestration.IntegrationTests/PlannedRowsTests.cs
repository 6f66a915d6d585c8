using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// A small plan is one INSERT; a large one a COPY that leaves what every row shares (status,
/// attempts, creation and visibility time) to column defaults. Both must write the same rows.
/// </summary>
public sealed class PlannedRowsTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IAsyncLifetime
{
    private readonly HandPlannedJobs _jobs = new(fixture);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _jobs.DisposeAsync();

    [Theory]
    [InlineData(7)]    // INSERT
    [InlineData(900)]  // COPY
    public async Task StagePlan_WritesEveryTaskQueuedUnattemptedAndVisibleFromThePlanTime(int tasks)
    {
        var (jobId, planned) = await _jobs.SubmitAsync(tasks, new SubmitOptions { TaskTimeout = TimeSpan.FromSeconds(42) });

        var outcome = await new EngineSteps(fixture.Store).StagePlanAsync(new StagePlanParams(jobId, 1, 1, planned), default);

        Assert.Equal(tasks, outcome.TaskCount);
        Assert.Equal(tasks, await CountAsync(jobId, """
            status = 'queued' AND attempts = 0 AND max_attempts = 3 AND timeout = interval '42 seconds'
            AND lease_owner IS NULL AND started_at IS NULL AND completed_at IS NULL
            AND visible_at = created_at AND created_at = (SELECT planned_at FROM {schema}.stages s WHERE s.job_id = t.job_id AND s.stage = 1)
            AND parameters = jsonb_build_object('index', ordinal) AND task_key = 't' || ordinal
            """));
        Assert.Equal(tasks - 1, await fixture.ScalarAsync("SELECT max(ordinal) FROM {schema}.tasks WHERE job_id = @id", ("id", jobId)));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(900)]
    public async Task StagePlan_WithAPinnedClock_WritesThatTimeOnEveryTask(int tasks)
    {
        var pinned = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero);
        await using var store = new PostgresStore(
            new PostgresStoreOptions { ConnectionString = fixture.Server.ConnectionString, Schema = fixture.Schema }, new PinnedClock(pinned));
        var (jobId, planned) = await _jobs.SubmitAsync(tasks + 1000); // a size of its own: equal parameters would give the same job

        await new EngineSteps(store).StagePlanAsync(new StagePlanParams(jobId, 1, 1, planned.Take(tasks).ToList()), default);

        Assert.Equal(tasks, await CountAsync(jobId, "visible_at = @pinned AND created_at = @pinned AND status = 'queued'", ("pinned", pinned)));
    }

    private sealed class PinnedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private Task<long> CountAsync(string jobId, string condition, params (string Name, object Value)[] parameters) =>
        fixture.ScalarAsync($"SELECT count(*) FROM {{schema}}.tasks t WHERE job_id = @id AND {condition}", [("id", jobId), .. parameters]);
}
