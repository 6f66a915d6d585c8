using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.StoreConformance.TestJobs;

public sealed class RerunParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 100)]
    public int Tasks { get; init; } = 4;

    /// <summary>
    /// A folder of "broken inputs": a task fails for good while a file named <c>s{stage}-{key}</c> is in
    /// it, and succeeds once the test has removed the file (a user who fixed the files that failed).
    /// </summary>
    [Parameter("broken", Required = true)]
    public string Broken { get; init; } = "";
}

/// <summary>
/// Three stages that each tolerate any number of failures: convert (one task per input), index (one
/// task per converted input, a fan-out of stage 1's results) and catalog (a fan-in). What fails is
/// decided by the files in <see cref="RerunParameters.Broken"/>: for the retry of a job that completed
/// with errors.
/// </summary>
[JobType("test_rerun")]
public sealed class RerunJob : JobDefinition<RerunParameters>
{
    public override IReadOnlyList<StageDefinition<RerunParameters>> Stages { get; } =
    [
        Single("convert", "test_rerun_step", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new { p.Broken, Key = $"t{i}" })))
            .Tolerating(_ => StageTolerance.Percent(100)),
        FanOut("index", "test_rerun_step", (p, converted) => converted.Select(r => TaskPlan.Create(r.TaskKey, new { p.Broken, Key = r.TaskKey })))
            .Tolerating(_ => StageTolerance.Percent(100)),
        FanIn("catalog", "test_rerun_catalog", p => new { p.Broken })
            .Tolerating(_ => StageTolerance.Percent(100)),
    ];
}

/// <summary>Fails for good while its broken-input file exists; counts its starts by task id.</summary>
[TaskHandler("test_rerun_step", MaxAttempts = 1)]
public sealed class RerunStepHandler : ITaskHandler
{
    /// <summary>Every start of a handler of these job types, by task id.</summary>
    public static ConcurrentDictionary<string, int> Starts { get; } = new();

    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        Starts.AddOrUpdate(context.TaskId, 1, (_, n) => n + 1);
        var key = context.Input.GetString("key");
        if (File.Exists(Path.Combine(context.Input.GetString("broken"), $"s{context.Stage}-{key}")))
            throw new PermanentTaskException($"Input {key} of stage {context.Stage} is broken.");
        return Task.FromResult<JsonNode?>(new JsonObject { ["stage"] = context.Stage, ["key"] = key });
    }
}

/// <summary>The fan-in: what it was handed, or a failure while <c>s3-fan_in</c> is in the broken folder.</summary>
[TaskHandler("test_rerun_catalog", MaxAttempts = 1)]
public sealed class RerunCatalogHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        RerunStepHandler.Starts.AddOrUpdate(context.TaskId, 1, (_, n) => n + 1);
        if (File.Exists(Path.Combine(context.Input.GetString("broken"), $"s{context.Stage}-fan_in")))
            throw new PermanentTaskException("The catalog's input is broken.");
        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["indexed"] = new JsonArray(context.FanInResults().Select(r => (JsonNode)JsonValue.Create(r.TaskKey)).ToArray()),
            ["failed"] = new JsonArray(context.FanInFailures().Select(f => (JsonNode)JsonValue.Create(f.TaskKey)).ToArray()),
        });
    }
}
