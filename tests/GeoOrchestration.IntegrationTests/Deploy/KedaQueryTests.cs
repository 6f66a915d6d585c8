using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Rasters;
using static GeoOrchestration.IntegrationTests.Deploy.DeployFiles;

namespace GeoOrchestration.IntegrationTests.Deploy;

/// <summary>
/// The KEDA <c>postgresql</c> queries of deploy/kubernetes, taken from the YAML as written, run on a
/// schema deployed from the shipped migrations: they count ready work (tasks queued and due now, control
/// work due and not leased) of their own job types, the worker Deployment's the short types and the
/// raster ScaledJob's the raster types, and the counts follow the work as workers take it.
/// </summary>
public sealed class KedaQueryTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly SchemaFixture _fixture = new();
    private readonly TempFolder _folder = new("keda-query");
    private EngineSteps _steps = null!;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        _steps = new EngineSteps(_fixture.Store);
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Queries_CountReadyWorkOfTheirJobTypes_AsItIsPlannedClaimedRetriedAndHandedBack()
    {
        Assert.Equal((0, 0), await CountsAsync());

        // A submitted job's plan item is control work, ready at once, counted for its job type.
        var noop = await SubmitAsync("noop", new JsonObject { ["tasks"] = 4 });
        Assert.Equal((1, 0), await CountsAsync());
        var rasters = Path.Combine(_folder.Path, "in");
        await TestRasters.Utm33Async(Path.Combine(rasters, "a.tif"), size: 16);
        var raster = await SubmitAsync("raster_to_cog", new JsonObject { ["source"] = new JsonArray(rasters), ["destination"] = Path.Combine(_folder.Path, "out") });
        Assert.Equal((1, 1), await CountsAsync());

        // Control work a worker holds under its lease is not ready; once the lease lapses, it is again.
        var plans = await _fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 10, Lease), default);
        Assert.Equal(new[] { noop, raster }.Order(StringComparer.Ordinal), plans.Select(p => p.JobId).Order(StringComparer.Ordinal));
        Assert.Equal((0, 0), await CountsAsync());
        await _fixture.ScalarAsync("UPDATE {schema}.job_work SET lease_expires_at = now() - interval '1 second' WHERE job_id = @id", ("id", raster));
        Assert.Equal((0, 1), await CountsAsync());

        // Planned tasks are queued and due: 4 of the noop job, 3 of the raster job; the plan items are done.
        await PlanAsync(plans.Single(p => p.JobId == noop), tasks: 4);
        await PlanAsync(plans.Single(p => p.JobId == raster), tasks: 3);
        Assert.Equal((4, 3), await CountsAsync());

        // Running tasks are not ready.
        var claimed = await _fixture.Store.WorkClaimAsync(new WorkClaimParams("w", 3, Lease), default);
        Assert.Equal(3, claimed.Count);
        int Of(string jobId) => claimed.Count(t => t.JobId == jobId);
        Assert.Equal((4 - Of(noop), 3 - Of(raster)), await CountsAsync());

        // A retry waiting out its backoff is queued but not due: still not ready.
        var retried = claimed[0];
        await _steps.TaskFailAsync(new TaskFailParams(retried.TaskId!, "w", retried.Attempt, "Boom", "later", TimeSpan.FromHours(1)), default);
        Assert.Equal(5L, await _fixture.ScalarAsync("SELECT count(*) FROM {schema}.tasks WHERE status = 'queued'"));
        Assert.Equal((4 - Of(noop), 3 - Of(raster)), await CountsAsync());

        // A task handed back (a worker stopping) is ready again at once.
        var handedBack = claimed[1];
        Assert.Equal(1, await _steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(handedBack.TaskId!, handedBack.Attempt)]), default));
        var back = handedBack.JobId == noop ? (1, 0) : (0, 1);
        Assert.Equal((4 - Of(noop) + back.Item1, 3 - Of(raster) + back.Item2), await CountsAsync());

        // Another job of a short type: its plan item counts for the Deployment only.
        await SubmitAsync("noop", new JsonObject { ["tasks"] = 2 });
        Assert.Equal((4 - Of(noop) + back.Item1 + 1, 3 - Of(raster) + back.Item2), await CountsAsync());
    }

    [Fact]
    public void Queries_AreTheOnesTheManifestsHold_OneTriggerEach()
    {
        // The test above runs what the YAML says; this pins that it found both and that they differ only in their job types.
        var (deployment, scaledJob) = (DeploymentQuery(), ScaledJobQuery());
        Assert.Contains("NOT IN ('raster_to_cog', 'raster_inventory', 'blob_inventory')", deployment);
        Assert.Contains("IN ('raster_to_cog', 'raster_inventory', 'blob_inventory')", scaledJob);
        Assert.Equal(deployment.Replace("NOT IN", "IN"), scaledJob);
    }

    private async Task<(long Deployment, long Raster)> CountsAsync() =>
        (await _fixture.ScalarAsync(OnTestSchema(DeploymentQuery())), await _fixture.ScalarAsync(OnTestSchema(ScaledJobQuery())));

    private static string DeploymentQuery() => PostgresqlQuery("keda-postgresql.yaml", "ScaledObject");

    private static string ScaledJobQuery() => PostgresqlQuery("raster-scaledjob.yaml", "ScaledJob");

    private static string PostgresqlQuery(string file, string kind)
    {
        var scaler = Single(LoadDocuments(PathOf("kubernetes", file)), kind);
        var trigger = Assert.Single(Seq(scaler, "spec.triggers"), t => Text(t, "type") == "postgresql");
        return Text(trigger, "metadata.query") ?? throw new Xunit.Sdk.XunitException($"{file}: no query");
    }

    // The manifests name the default schema (geo); the test's schema stands in for it.
    private static string OnTestSchema(string query)
    {
        Assert.Matches(@"\bgeo\.tasks\b", query);
        return Regex.Replace(query, @"\bgeo\.", "{schema}.");
    }

    private async Task<string> SubmitAsync(string jobType, JsonObject parameters) =>
        (await _fixture.Client.SubmitAsync(jobType, parameters, SubmitOptions.Default with { RunKey = Guid.NewGuid().ToString("N") })).Job.JobId;

    // Tasks planned by hand (test_echo), as OutboxSchema does: the count is by the job's type, not the task's.
    private async Task PlanAsync(WorkItem plan, int tasks)
    {
        var planned = Enumerable.Range(0, tasks)
            .Select(i => new PlannedTask($"{plan.JobId[..16]}-s1-t{i}", $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3));
        await _steps.StagePlanAsync(new StagePlanParams(plan.JobId, 1, plan.TotalStages, planned), default);
    }
}
