using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

public sealed partial class EngineSteps
{
    /// <summary>
    /// Plans a stage: inserts its tasks and its counter, makes them runnable and removes the plan item;
    /// a stage without tasks completes at once and advances. A plan item whose job ended or whose stage
    /// was planned before is removed, the earlier plan standing.
    /// </summary>
    /// <exception cref="Errors.ContractViolationException">Two tasks share a key.</exception>
    /// <remarks>
    /// A stage of more tasks than the store's <see cref="IGeoStore.PlanChunkRows"/> is written in
    /// bounded transactions (see <see cref="ChunkedPlanAsync"/>); its first chunk is read from the
    /// planner to tell, so a smaller stage (and every stage on a store without chunks) is planned in
    /// one transaction as before, the planning worker claiming its first tasks in it.
    /// </remarks>
    public async Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken)
    {
        if (_store.PlanChunkRows is not { } chunk) return await SinglePlanAsync(parameters, cancellationToken);
        using var tasks = parameters.Tasks.GetEnumerator();
        var head = new List<PlannedTask>();
        while (head.Count <= chunk && tasks.MoveNext()) head.Add(tasks.Current);
        return head.Count <= chunk
            ? await SinglePlanAsync(parameters with { Tasks = head }, cancellationToken)
            : await ChunkedPlanAsync(parameters, Drain(head, tasks), chunk, cancellationToken);
    }

    /// <summary>The tasks read ahead, each let go once handed on (so no more than about one chunk is held), then the rest of the plan.</summary>
    private static IEnumerable<PlannedTask> Drain(List<PlannedTask> head, IEnumerator<PlannedTask> rest)
    {
        for (var i = 0; i < head.Count; i++)
        {
            var task = head[i];
            head[i] = null!;
            yield return task;
        }
        head.Clear();
        while (rest.MoveNext()) yield return rest.Current;
    }

    private Task<StagePlanOutcome> SinglePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken) =>
        _store.ExecuteAsync(async (tx, ct) =>
        {
            var outcome = await tx.StagePlanAsync(parameters, ct);
            if (outcome.Status == StagePlanStatus.Skipped)
                await tx.WorkDeleteAsync(new WorkDeleteParams(parameters.JobId, WorkKind.PlanStage, parameters.Stage), ct);
            else if (outcome.TaskCount == 0)
                await AdvanceAsync(tx, parameters.JobId, parameters.Stage, parameters.TotalStages, ct);
            return outcome;
        }, cancellationToken);

    /// <summary>Removes a control work item whose job no longer needs it.</summary>
    public Task WorkDropAsync(WorkItem item, CancellationToken cancellationToken) =>
        _store.ExecuteAsync((tx, ct) => tx.WorkDeleteAsync(new WorkDeleteParams(item.JobId, item.Kind, item.Stage), ct), cancellationToken);
}
