using GeoOrchestration.Engine;
using GeoOrchestration.Store;

namespace GeoOrchestration;

/// <summary>Retention: the store's policy, and removing old ended jobs (issue 23 part 1).</summary>
public sealed partial class GeoClient
{
    /// <summary>The store's retention policy: per terminal status, how long an ended job is kept after it ended (null: forever).</summary>
    /// <returns>The four settings.</returns>
    public Task<RetentionPolicy> GetRetentionAsync(CancellationToken cancellationToken = default) =>
        Store.RetentionGetAsync(cancellationToken);

    /// <summary>Changes the settings given (null keeps that status forever), leaving the others; workers apply it at their next prune pass.</summary>
    /// <returns>The policy after the change.</returns>
    /// <exception cref="Errors.GeoValidationException">A status that has not ended, a status given twice, or a negative duration; nothing written.</exception>
    public Task<RetentionPolicy> SetRetentionAsync(IReadOnlyList<RetentionChange> changes, CancellationToken cancellationToken = default) =>
        Store.RetentionSetAsync(new RetentionSetParams(changes), cancellationToken);

    /// <summary>
    /// How many jobs and tasks a prune with <paramref name="rules"/> (the stored policy when null) would
    /// remove now: what <c>-WhatIf</c> and <c>--dry-run</c> report. Removes nothing.
    /// </summary>
    /// <exception cref="Errors.GeoValidationException">A rule of a live status or a negative age.</exception>
    public Task<PruneCount> CountPruneAsync(IReadOnlyList<PruneRule>? rules, CancellationToken cancellationToken = default) =>
        _steps.PruneCountAsync(rules, cancellationToken);

    /// <summary>
    /// Removes the ended jobs <paramref name="rules"/> match (the stored policy when null) now, in the
    /// janitor's small batches; waits for another pruner's batch rather than stopping (an operator asked).
    /// </summary>
    /// <returns>What was removed, how long it took, and the longest batch.</returns>
    /// <exception cref="Errors.GeoValidationException">A rule of a live status or a negative age; nothing removed.</exception>
    public Task<PruneReport> PruneAsync(IReadOnlyList<PruneRule>? rules, CancellationToken cancellationToken = default) =>
        _steps.PruneAsync(new PruneRequest { Rules = rules, WaitForLock = true }, cancellationToken);

    /// <summary>The prune rules of a front end's filter: each status given (every terminal one when none) older than <paramref name="olderThan"/> (0 when null).</summary>
    /// <exception cref="Errors.GeoValidationException">A status that has not ended (field <c>status</c>) or a negative age.</exception>
    public static IReadOnlyList<PruneRule> PruneRulesFor(TimeSpan? olderThan, IReadOnlyList<Model.JobStatus>? statuses)
    {
        var rules = (statuses is { Count: > 0 } ? statuses.Distinct() : RetentionRules.Statuses)
            .Select(s => new PruneRule(s, olderThan ?? TimeSpan.Zero)).ToList();
        RetentionRules.Check(rules);
        return rules;
    }
}
