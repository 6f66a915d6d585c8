using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational.Retention;

/// <summary>
/// One prune batch within a row budget, in the caller's transaction: finish the removal begun, else
/// mark the oldest matching job and remove what of it fits; then the next, until the budget is spent.
/// A job goes tasks first, then events, then its row (with its stages and work items by cascade), so a
/// batch that ends mid-job leaves the job marked and whole at the top: it reads as it ended, a retry
/// refuses it, and the next batch (of any pass) finishes it.
/// </summary>
public static class PruneBatch
{
    /// <summary>How many candidates of a rule one look reads: enough to pass over the few whose handlers still run.</summary>
    private const int CandidatePage = 100;

    /// <summary>Checks a batch's arguments before the store opens its transaction: the rules, and a row budget of 1 or more.</summary>
    /// <exception cref="Errors.GeoValidationException">A rule breaks <see cref="RetentionRules"/>, or <c>max_rows</c> is below 1.</exception>
    public static void Check(PruneBatchParams parameters)
    {
        RetentionRules.Check(parameters.Rules);
        if (parameters.MaxRows < 1)
            throw new Errors.GeoValidationException("max_rows", "minimum", $"max_rows: must be 1 or more (got {parameters.MaxRows}).");
    }

    /// <summary>Runs the batch (its arguments checked by <see cref="Check"/>).</summary>
    /// <returns>What it removed; <see cref="PruneBatchStatus.More"/> when the budget ran out first.</returns>
    public static async Task<PruneBatchResult> RunAsync(IPruneSteps steps, PruneBatchParams parameters, CancellationToken cancellationToken)
    {
        var budget = parameters.MaxRows;
        int jobs = 0, tasks = 0, events = 0;
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var jobId = await steps.RemovingNextAsync(cancellationToken) ?? await MarkNextAsync(steps, parameters.Rules, skipped, cancellationToken);
            if (jobId is null) return new PruneBatchResult(PruneBatchStatus.Done, jobs, tasks, events, skipped.Count);
            var deleted = await steps.TasksDeleteAsync(jobId, budget, cancellationToken);
            tasks += deleted;
            budget -= deleted;
            if (budget <= 0) break;
            deleted = await steps.EventsDeleteAsync(jobId, budget, cancellationToken);
            events += deleted;
            budget -= deleted;
            if (budget <= 0) break;
            if (await steps.JobDeleteAsync(jobId, cancellationToken)) jobs++;
            // The job row and its few stage and work rows.
            if (--budget <= 0) break;
        }
        return new PruneBatchResult(PruneBatchStatus.More, jobs, tasks, events, skipped.Count);
    }

    private static async Task<string?> MarkNextAsync(IPruneSteps steps, IReadOnlyList<PruneRule> rules, HashSet<string> skipped,
        CancellationToken cancellationToken)
    {
        foreach (var rule in rules)
            foreach (var candidate in await steps.CandidatesAsync(rule, CandidatePage, cancellationToken))
            {
                if (skipped.Contains(candidate)) continue;
                if (await steps.MarkAsync(candidate, rule.Status, cancellationToken)) return candidate;
                // A handler still runs one of its tasks: a later pass takes it once the handler stops.
                skipped.Add(candidate);
            }
        return null;
    }
}
