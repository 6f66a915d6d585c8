using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

public sealed partial class EngineSteps
{
    /// <summary>Stores a result and counts it against its stage; the last one enqueues the next step.</summary>
    public async Task<TaskCompleteOutcome> TaskCompleteAsync(TaskCompleteParams parameters,
        CancellationToken cancellationToken) =>
        (await TaskCompleteBatchAsync([parameters], cancellationToken))[0];

    /// <summary>
    /// Completes many tasks in one transaction, touching each stage counter once; outcomes come back
    /// in the order given. Completing a task twice (in one batch or across batches) counts once; the
    /// completion that closed a stage (one per stage) says so in <see cref="TaskCompleteOutcome.StageCompleted"/>.
    /// </summary>
    public Task<IReadOnlyList<TaskCompleteOutcome>> TaskCompleteBatchAsync(
        IReadOnlyList<TaskCompleteParams> completions, CancellationToken cancellationToken)
    {
        if (completions.Count == 0) return Task.FromResult<IReadOnlyList<TaskCompleteOutcome>>([]);
        // One lock order for every batch (by task id), so two batches cannot deadlock on task rows.
        var ordered = completions.DistinctBy(c => c.TaskId).OrderBy(c => c.TaskId, StringComparer.Ordinal).ToList();
        return _store.ExecuteAsync<IReadOnlyList<TaskCompleteOutcome>>(async (tx, ct) =>
        {
            var counted = await tx.TaskCompleteManyAsync(new TaskCompleteManyParams(ordered), ct);
            var closing = new HashSet<(string JobId, int Stage)>();
            foreach (var stage in counted.Stages.Where(s => s.Remaining == 0))
            {
                closing.Add((stage.JobId, stage.Stage));
                await AdvanceAsync(tx, stage.JobId, stage.Stage, stage.TotalStages, ct);
            }
            var completed = counted.Completed.ToDictionary(c => c.TaskId, c => (c.JobId, c.Stage), StringComparer.Ordinal);
            var others = ordered.Where(c => !completed.ContainsKey(c.TaskId)).Select(c => c.TaskId).ToList();
            IReadOnlyDictionary<string, Model.TaskRecordStatus> statuses = others.Count == 0
                ? new Dictionary<string, Model.TaskRecordStatus>()
                : await tx.TaskStatusesAsync(new TaskStatusesParams(others), ct);
            var outcomes = new List<TaskCompleteOutcome>(completions.Count);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var completion in completions)
            {
                if (completed.TryGetValue(completion.TaskId, out var stage) && reported.Add(completion.TaskId))
                {
                    // The stage-closing flag goes to one completion of the stage: the batch closed it once.
                    outcomes.Add(new TaskCompleteOutcome(TaskCompleteStatus.Completed, closing.Remove(stage)));
                    continue;
                }
                Model.TaskRecordStatus? status = completed.ContainsKey(completion.TaskId)
                    ? Model.TaskRecordStatus.Completed
                    : statuses.TryGetValue(completion.TaskId, out var s) ? s : null;
                outcomes.Add(status switch
                {
                    null => new TaskCompleteOutcome(TaskCompleteStatus.NotFound),
                    Model.TaskRecordStatus.Completed => new TaskCompleteOutcome(TaskCompleteStatus.AlreadyCompleted, TaskStatus: status),
                    _ => new TaskCompleteOutcome(TaskCompleteStatus.NotCompletable, TaskStatus: status),
                });
            }
            return outcomes;
        }, cancellationToken);
    }
}
