using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Store.Rows;

/// <summary>A row of a finished stage's results (StageResults) by column alias; <see cref="ToResult"/> is the one mapping to <see cref="StageResult"/>.</summary>
internal sealed class StageResultRow
{
    public string TaskId { get; set; } = null!;
    public string TaskKey { get; set; } = null!;
    public string Status { get; set; } = null!;
    public string? Result { get; set; }

    /// <exception cref="ContractViolationException">The task is not completed: a stage is read only once all its tasks are.</exception>
    public StageResult ToResult(string jobId, int stage) => Status == "completed"
        ? new StageResult(TaskId, TaskKey, stage, StoreRowReader.Json(Result))
        : throw new ContractViolationException($"Stage {stage} of job {jobId} was read as finished, but task {TaskId} is {Status}.");
}
