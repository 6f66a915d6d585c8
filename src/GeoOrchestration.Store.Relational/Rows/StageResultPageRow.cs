using System.Data.Common;
using GeoOrchestration.Definitions;
using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// A row of a page of a finished stage's results (StageResultsPage) by column alias: a completed task,
/// with its plan position (<see cref="Ordinal"/>, the page's keyset cursor).
/// </summary>
public sealed class StageResultPageRow
{
    public string TaskId { get; set; } = null!;
    public string TaskKey { get; set; } = null!;
    public int Ordinal { get; set; }
    public string? Result { get; set; }

    /// <summary>A page as every store reads it from its StageResultsPage query: the next page starts after the last row of a full one.</summary>
    public static async Task<StageResultsPage> ReadPageAsync(DbDataReader reader, StageResultsPageParams parameters, CancellationToken cancellationToken)
    {
        long chars = 0;
        var last = -1;
        var results = await StoreRowReader.ReadAsync(reader, (StageResultPageRow row) =>
        {
            chars += row.Result?.Length ?? 0;
            last = row.Ordinal;
            return new StageResult(row.TaskId, row.TaskKey, parameters.Stage, StoreRowReader.Json(row.Result));
        }, cancellationToken);
        return new StageResultsPage(results, results.Count == parameters.Limit ? last : null, chars);
    }
}
