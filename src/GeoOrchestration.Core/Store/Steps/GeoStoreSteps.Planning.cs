namespace GeoOrchestration.Store;

public static partial class GeoStoreSteps
{
    /// <summary>
    /// Plans a stage: inserts its tasks and its counter, makes them runnable and removes the plan item;
    /// a stage without tasks completes at once and advances. A plan item whose job ended or whose stage
    /// was planned before is removed, the earlier plan standing.
    /// </summary>
    /// <exception cref="Errors.ContractViolationException">Two tasks share a key.</exception>
    public static Task<StagePlanOutcome> StagePlanAsync(this IGeoStore store, StagePlanParams parameters, CancellationToken cancellationToken) =>
        store.ExecuteAsync(async (tx, ct) =>
        {
            var outcome = await tx.StagePlanAsync(parameters, ct);
            if (outcome.Status == StagePlanStatus.Skipped)
                await tx.WorkDeleteAsync(new WorkDeleteParams(parameters.JobId, WorkKind.PlanStage, parameters.Stage), ct);
            else if (outcome.TaskCount == 0)
                await AdvanceAsync(tx, parameters.JobId, parameters.Stage, parameters.TotalStages, ct);
            return outcome;
        }, cancellationToken);

    /// <summary>Removes a control work item whose job no longer needs it.</summary>
    public static Task WorkDropAsync(this IGeoStore store, WorkItem item, CancellationToken cancellationToken) =>
        store.ExecuteAsync((tx, ct) => tx.WorkDeleteAsync(new WorkDeleteParams(item.JobId, item.Kind, item.Stage), ct), cancellationToken);
}
