using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>
/// Asks a job type for one stage's tasks and checks that the plan keeps the engine's rules. The
/// plan is a stream: each task is checked as the store writes it, so no stage is ever held in
/// memory whole. Key uniqueness is left to the store, whose key on the task id refuses a repeat
/// (rather than a set of a million keys held here).
/// </summary>
internal sealed class StagePlanner(JobRegistry registry, EngineSteps steps)
{
    /// <summary>The task key the engine gives the single task of a fan-in stage.</summary>
    public const string FanInKey = "fan_in";

    public async Task<IEnumerable<PlannedTask>> PlanAsync(JobDefinition job, string jobId, int stage,
        JsonObject parameters, CancellationToken cancellationToken)
    {
        var definition = job.StagesOf(parameters)[stage - 1];
        // A Single stage plans from the job's parameters alone: reading the previous stage's results
        // for it would cost a round trip on every hand-off, and memory in proportion to that stage.
        // A fan-out stage, whatever its size, gets them as a stream read page by page while its planner
        // enumerates (one page in memory, however large the stage; the same behaviour for a small stage
        // as for a large one, so a planner that indexes past the first page fails in its first test, not
        // in production). A fan-in task is handed every result in its parameters: it reads them whole.
        var previous = stage == 1 || definition.Kind == StageKind.Single ? StageResults.None
            : definition.Kind == StageKind.FanOut ? await steps.StageResultsStreamAsync(jobId, stage - 1, cancellationToken)
            : await steps.StageResultsAsync(jobId, stage - 1, cancellationToken);
        var maxAttempts = registry.GetHandler(definition.TaskType).MaxAttempts;
        return Stream(job, definition, jobId, stage, parameters, previous, maxAttempts);
    }

    private static IEnumerable<PlannedTask> Stream(JobDefinition job, StageDefinition definition, string jobId, int stage,
        JsonObject parameters, StageResults previous, int maxAttempts)
    {
        using var plans = Plans(job, definition, stage, parameters, previous).GetEnumerator();
        while (true)
        {
            TaskPlan plan;
            try
            {
                if (!plans.MoveNext()) yield break;
                plan = plans.Current;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new PlannerFailedException(e);
            }
            if (!JobIdentity.IsTaskKey(plan.Key))
                throw new ContractViolationException(
                    $"Job type '{job.Name}' stage {stage} '{definition.Name}' planned a task with key '{plan.Key}'; " +
                    $"keys must be 1 to {JobIdentity.MaxTaskKeyLength} characters of letters, digits, '_', '.' or '-'.");
            if (StorableText.Find(plan.Parameters) is { } unstorable)
                throw new ContractViolationException(
                    $"Job type '{job.Name}' stage {stage} '{definition.Name}' planned task '{plan.Key}' with parameters that hold {unstorable}, which the store cannot hold.");
            yield return new PlannedTask(JobIdentity.TaskId(jobId, stage, plan.Key), plan.Key, definition.TaskType, plan.Parameters, maxAttempts);
        }
    }

    private static IEnumerable<TaskPlan> Plans(JobDefinition job, StageDefinition definition, int stage, JsonObject parameters,
        StageResults previous) =>
        definition.Kind == StageKind.FanIn ? [FanInPlan(job, definition, stage, parameters, previous)] : job.Plan(stage, parameters, previous);

    private static TaskPlan FanInPlan(JobDefinition job, StageDefinition definition, int stage, JsonObject parameters, StageResults previous)
    {
        var fields = job.FanInFields(stage, parameters) ?? new JsonObject();
        foreach (var reserved in new[] { TaskContext.FanInResultsField, TaskContext.FanInFailuresField })
            if (fields.ContainsKey(reserved))
                throw new ContractViolationException(
                    $"Job type '{job.Name}' stage {stage} '{definition.Name}' gives its fan-in task a field '{reserved}', which the engine fills with the previous stage's outcome.");
        fields[TaskContext.FanInResultsField] = new JsonArray(previous.Select(FanInEntry).ToArray());
        // Only when there are any: a fan-in task of a stage without failures looks as it always did.
        if (previous.Failures.Count > 0)
            fields[TaskContext.FanInFailuresField] = new JsonArray(previous.Failures.Select(f => (JsonNode)f.ToJson(withParameters: true)).ToArray());
        return new TaskPlan(FanInKey, fields);
    }

    private static JsonNode FanInEntry(StageResult result) => new JsonObject
    {
        ["task_id"] = result.TaskId,
        ["task_key"] = result.TaskKey,
        ["result"] = result.Result?.DeepClone(),
    };
}
