using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// The planning worker claims a new stage's first tasks in the plan's own transaction (one round
/// trip and one commit fewer per hand-off). The claim must be a real lease, limited to what was
/// asked, and nothing at all when the plan did not happen.
/// </summary>
public sealed class PlanAndClaimTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IAsyncLifetime
{
    private readonly HandPlannedJobs _jobs = new(fixture);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _jobs.DisposeAsync();

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private Task<(string JobId, List<PlannedTask> Tasks)> PlanItemAsync(int tasks) => _jobs.SubmitAsync(tasks);

    private Task<long> CountAsync(string jobId, string status, string? owner = null) =>
        fixture.ScalarAsync(
            "SELECT count(*) FROM {schema}.tasks WHERE job_id = @id AND status = @status AND coalesce(lease_owner, '') = @owner",
            ("id", jobId), ("status", status), ("owner", owner ?? ""));

    [Theory]
    [InlineData(5, 3)]     // a small plan: inserted in one statement
    [InlineData(800, 50)]  // a large plan: streamed with COPY
    public async Task StagePlan_WithClaimFor_LeasesThatManyOfTheNewTasksToThePlanner(int tasks, int limit)
    {
        var (jobId, planned) = await PlanItemAsync(tasks);

        var outcome = await fixture.Store.StagePlanAsync(
            new StagePlanParams(jobId, 1, 2, planned, new WorkClaimParams("plan-claimer", limit, Lease)), default);

        Assert.True(outcome.Planned);
        Assert.Equal(limit, outcome.Claimed.Count);
        Assert.All(outcome.Claimed, item =>
        {
            Assert.Equal(WorkKind.RunTask, item.Kind);
            Assert.Equal(jobId, item.JobId);
            Assert.Equal(1, item.Stage);
            Assert.Equal(1, item.Attempt);
            Assert.Equal("test_echo", item.TaskType);
        });
        Assert.Equal(limit, outcome.Claimed.Select(i => i.TaskId).Distinct().Count());
        Assert.Equal(limit, await CountAsync(jobId, "processing", "plan-claimer"));
        Assert.Equal(tasks - limit, await CountAsync(jobId, "queued"));
    }

    [Fact]
    public async Task StagePlan_WithoutClaimFor_LeavesEveryTaskQueued()
    {
        var (jobId, planned) = await PlanItemAsync(4);

        var outcome = await fixture.Store.StagePlanAsync(new StagePlanParams(jobId, 1, 2, planned), default);

        Assert.Empty(outcome.Claimed);
        Assert.Equal(4, await CountAsync(jobId, "queued"));
    }

    [Fact]
    public async Task StagePlan_Redelivered_WithClaimFor_ClaimsNothing()
    {
        var (jobId, planned) = await PlanItemAsync(6);
        await fixture.Store.StagePlanAsync(new StagePlanParams(jobId, 1, 2, planned), default);

        var again = await fixture.Store.StagePlanAsync(
            new StagePlanParams(jobId, 1, 2, planned, new WorkClaimParams("late-planner", 10, Lease)), default);

        Assert.False(again.Planned);
        Assert.Empty(again.Claimed);
        Assert.Equal(0, await CountAsync(jobId, "processing", "late-planner"));
        Assert.Equal(6, await CountAsync(jobId, "queued"));
    }
}
