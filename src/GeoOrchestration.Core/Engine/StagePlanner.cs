using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>Asks a job type for one stage's tasks and checks that the plan keeps the engine's rules.</summary>
internal sealed class StagePlanner(JobRegistry registry, IGeoStore store)
{
    /// <summary>The task key the engine gives the single task of a fan-in stage.</summary>
    public const string FanInKey = "fan_in";

    public async Task<IReadOnlyList<PlannedTask>> PlanAsync(JobDefinition job, string jobId, int stage,
        JsonObject parameters, CancellationToken cancellationToken)
    {
        var definition = job.StagesOf(parameters)[stage - 1];
        var previous = stage == 1 ? StageResults.None : await store.StageResultsAsync(jobId, stage - 1, cancellationToken);
        IReadOnlyList<TaskPlan> plans = definition.Kind == StageKind.FanIn
            ? [new TaskPlan(FanInKey, new JsonObject { [TaskContext.FanInResultsField] = new JsonArray(previous.Select(FanInEntry).ToArray()) })]
            : job.Plan(stage, parameters, previous);

        var handler = registry.GetHandler(definition.TaskType);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var tasks = new List<PlannedTask>(plans.Count);
        foreach (var plan in plans)
        {
            if (!JobIdentity.IsTaskKey(plan.Key))
                throw new ContractViolationException(
                    $"Job type '{job.Name}' stage {stage} '{definition.Name}' planned a task with key '{plan.Key}'; " +
                    $"keys must be 1 to {JobIdentity.MaxTaskKeyLength} characters of letters, digits, '_', '.' or '-'.");
            if (!keys.Add(plan.Key))
                throw new ContractViolationException(
                    $"Job type '{job.Name}' stage {stage} '{definition.Name}' planned two tasks with key '{plan.Key}'; keys must be unique within a stage.");
            tasks.Add(new PlannedTask(JobIdentity.TaskId(jobId, stage, plan.Key), plan.Key, definition.TaskType,
                plan.Parameters, handler.MaxAttempts));
        }
        return tasks;
    }

    private static JsonNode FanInEntry(StageResult result) => new JsonObject
    {
        ["task_id"] = result.TaskId,
        ["task_key"] = result.TaskKey,
        ["result"] = result.Result?.DeepClone(),
    };
}
