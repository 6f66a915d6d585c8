using System.Data.Common;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// A row of a finished stage's results (StageResults) by column alias; <see cref="AddTo"/> is the one
/// mapping to a <see cref="StageResult"/>, or to a <see cref="StageFailure"/> for a task the stage tolerated failing.
/// </summary>
public sealed class StageResultRow
{
    public string TaskId { get; set; } = null!;
    public string TaskKey { get; set; } = null!;
    public string Status { get; set; } = null!;
    public string? Result { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>The task's parameters, read only for a failed task (what the later stages report about it).</summary>
    public string? Parameters { get; set; }

    /// <summary>A finished stage's results and tolerated failures, as every store reads them from its StageResults query.</summary>
    public static async Task<StageResults> ReadStageAsync(DbDataReader reader, string jobId, int stage, CancellationToken cancellationToken)
    {
        var results = new List<StageResult>();
        var failures = new List<StageFailure>();
        foreach (var row in await StoreRowReader.ReadAsync(reader, (StageResultRow row) => row, cancellationToken))
            row.AddTo(results, failures, jobId, stage);
        return new StageResults(stage, results, failures);
    }

    /// <exception cref="ContractViolationException">The task is neither completed nor failed: a stage is read only once all its tasks ended.</exception>
    public void AddTo(List<StageResult> results, List<StageFailure> failures, string jobId, int stage)
    {
        switch (Status)
        {
            case "completed":
                results.Add(new StageResult(TaskId, TaskKey, stage, StoreRowReader.Json(Result)));
                break;
            case "failed":
                // Only a stage that tolerates failures finishes with failed tasks.
                failures.Add(new StageFailure(TaskId, TaskKey, stage, ErrorType ?? "", ErrorMessage ?? "", StoreRowReader.Json(Parameters) as JsonObject));
                break;
            default:
                throw new ContractViolationException($"Stage {stage} of job {jobId} was read as finished, but task {TaskId} is {Status}.");
        }
    }
}
