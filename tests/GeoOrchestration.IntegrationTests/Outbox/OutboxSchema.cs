using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Outbox;

/// <summary>
/// A schema of its own for one outbox test (a listing reads the whole schema, so tests must not see
/// each other's work), deployed from the shipped migrations and dropped afterwards, with the steps
/// that bring a task to each state. Derive a test class from it: xunit makes one instance per test.
/// </summary>
public abstract class OutboxSchema : IAsyncLifetime
{
    protected static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    protected SchemaFixture Fixture { get; } = new();
    protected PostgresStore Store => Fixture.Store;
    protected IGeoStoreOutbox Outbox => Fixture.Store;
    protected EngineSteps Steps { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Fixture.InitializeAsync();
        Steps = new EngineSteps(Store);
    }

    public Task DisposeAsync() => Fixture.DisposeAsync();

    /// <summary>A store on the same schema whose clock runs <paramref name="offset"/> ahead: leases lapse, waits pass.</summary>
    protected PostgresStore StoreAhead(TimeSpan offset) =>
        new(new PostgresStoreOptions { ConnectionString = Fixture.Server.ConnectionString, Schema = Fixture.Schema }, new SkewedClock(offset));

    /// <summary>Submits a test job of its own (a run key apiece), returning its id; its plan item waits.</summary>
    protected async Task<string> SubmitAsync(string jobType = "test_wide", JsonObject? parameters = null) =>
        (await Fixture.Client.SubmitAsync(jobType, parameters ?? new JsonObject { ["tasks"] = 3 },
            SubmitOptions.Default with { RunKey = Guid.NewGuid().ToString("N") })).Job.JobId;

    /// <summary>Submits a job and plans its first stage through the engine (as a worker would), returning its id.</summary>
    protected async Task<string> PlannedAsync(int tasks = 3)
    {
        var jobId = await SubmitAsync(parameters: new JsonObject { ["tasks"] = tasks });
        // Claimed by name, so no other job's queued task is claimed with it.
        var plan = (await Outbox.WorkClaimNamedAsync(new WorkClaimNamedParams("planner", [new WorkAttempt(WorkKind.PlanStage, jobId, 1, null, 1)],
            LongLease), default)).Single();
        var planned = Enumerable.Range(0, tasks)
            .Select(i => new PlannedTask($"{jobId[..16]}-s1-t{i}", $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3));
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, plan.TotalStages, planned), default);
        return jobId;
    }

    /// <summary>Claims up to <paramref name="limit"/> tasks of the schema as worker <paramref name="worker"/>.</summary>
    protected async Task<IReadOnlyList<WorkItem>> ClaimAsync(int limit = 100, string worker = "w", TimeSpan? lease = null) =>
        await Store.WorkClaimAsync(new WorkClaimParams(worker, limit, lease ?? LongLease), default);

    protected Task<long> TurnAsync(string taskId) =>
        Fixture.ScalarAsync("SELECT turn FROM {schema}.tasks WHERE task_id = @id", ("id", taskId));

    protected Task<long> ExecuteAsync(string sqlWithSchemaMarker, params (string Name, object Value)[] parameters) =>
        Fixture.ScalarAsync(sqlWithSchemaMarker, parameters);

    /// <summary>The undispatched (and, with <paramref name="strandedAfter"/>, stranded) attempts as the relay lists them.</summary>
    protected Task<IReadOnlyList<OutboxEntry>> ListAsync(TimeSpan? readyFor = null, TimeSpan? strandedAfter = null, int limit = 1000,
        IGeoStoreOutbox? outbox = null) =>
        (outbox ?? Outbox).OutboxListAsync(new OutboxListParams(limit, readyFor ?? TimeSpan.Zero, strandedAfter), default);

    /// <summary>The listed attempt of one task.</summary>
    protected async Task<WorkAttempt> AttemptOfAsync(string taskId) =>
        (await ListAsync()).Single(e => e.Attempt.TaskId == taskId).Attempt;

    protected Task<WorkClaimOutcome> ClaimNamedAsync(params WorkAttempt[] attempts) =>
        Outbox.WorkClaimNamedAsync(new WorkClaimNamedParams("named", attempts, LongLease), default);

    protected static WorkAttempt TaskAttempt(WorkItem task, int turn) => new(WorkKind.RunTask, task.JobId, task.Stage, task.TaskId, turn);
}
