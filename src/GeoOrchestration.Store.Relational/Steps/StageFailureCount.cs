using System.Data.Common;
using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// <see cref="IGeoStoreTransaction.StageFailureCountAsync"/> for a relational store, one way for all:
/// the store's tolerate statement counts the failure when the stage's tolerance allows it and returns
/// (remaining, total_stages, failures_allowed); no row means beyond it, and then a second read (the rare
/// path) returns the same three columns unchanged, for what the stage allowed.
/// </summary>
public static class StageFailureCount
{
    /// <param name="tolerate">The statement that counts a tolerated failure (StageTolerateFailure), parameters set.</param>
    /// <param name="allowed">Makes the read of the stage's counts (StageFailuresAllowed), parameters set; run only beyond tolerance.</param>
    public static async Task<StageFailureOutcome> RunAsync(DbCommand tolerate, Func<DbCommand> allowed, CancellationToken cancellationToken)
    {
        await using (tolerate)
        await using (var reader = await tolerate.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken))
                return new StageFailureOutcome(StageFailureStatus.Tolerated, reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        await using var read = allowed();
        await using var counts = await read.ExecuteReaderAsync(cancellationToken);
        return await counts.ReadAsync(cancellationToken)
            ? new StageFailureOutcome(StageFailureStatus.BeyondTolerance, counts.GetInt32(0), counts.GetInt32(1), counts.GetInt32(2))
            : new StageFailureOutcome(StageFailureStatus.BeyondTolerance, 0, 0, 0);
    }
}
