using System.Diagnostics;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>Retention: a prune pass, batch after batch, yielding the store to other writers between them.</summary>
public sealed partial class EngineSteps
{
    /// <summary>
    /// Removes the ended jobs the rules match (the stored policy when <see cref="PruneRequest.Rules"/> is
    /// null) with their stages, tasks, events and work items, in batches of about
    /// <see cref="PruneRequest.BatchRows"/> rows, each its own short transaction, pausing after each
    /// batch <see cref="PruneRequest.PauseRatio"/> times as long as it took: on SQLite a batch holds the
    /// file's one write lock, so the pause is when claims, completions and renewals commit. A removal
    /// begun by an earlier pass (of any filter) is finished first. When another pruner's batch holds the
    /// prune lock the pass ends (that pruner goes on), unless <see cref="PruneRequest.WaitForLock"/>.
    /// </summary>
    /// <returns>What the pass removed, how long it took, and its longest batch.</returns>
    /// <exception cref="Errors.GeoValidationException">A rule of a live status or a negative age; nothing removed.</exception>
    public async Task<PruneReport> PruneAsync(PruneRequest request, CancellationToken cancellationToken)
    {
        var time = request.Time ?? TimeProvider.System;
        var rules = request.Rules ?? (await _store.RetentionGetAsync(cancellationToken)).Rules;
        RetentionRules.Check(rules);
        var batch = new PruneBatchParams(rules, request.BatchRows);
        var pass = Stopwatch.StartNew();
        var report = new PruneReport();
        while (true)
        {
            var started = time.GetTimestamp();
            var result = await _store.PruneBatchAsync(batch, cancellationToken);
            var took = time.GetElapsedTime(started);
            if (result.Status == PruneBatchStatus.HeldElsewhere)
            {
                if (!request.WaitForLock) return report with { Elapsed = pass.Elapsed, StoppedForOtherPruner = true };
                await Task.Delay(PruneRequest.LockRetry, time, cancellationToken);
                continue;
            }
            report = report.Add(result, took);
            if (result.Status == PruneBatchStatus.Done) return report with { Elapsed = pass.Elapsed };
            if (request.PauseRatio > 0) await Task.Delay(took * request.PauseRatio, time, cancellationToken);
        }
    }

    /// <summary>How many jobs and tasks <see cref="PruneAsync"/> with the same rules would remove now (the stored policy's when null); removes nothing.</summary>
    /// <exception cref="Errors.GeoValidationException">A rule of a live status or a negative age.</exception>
    public async Task<PruneCount> PruneCountAsync(IReadOnlyList<PruneRule>? rules, CancellationToken cancellationToken) =>
        await _store.PruneCountAsync(new PruneCountParams(rules ?? (await _store.RetentionGetAsync(cancellationToken)).Rules), cancellationToken);
}
