using System.Data.Common;
using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational.Retention;

/// <summary>
/// Counts what a prune by some rules would remove, writing nothing: the job whose removal began (its
/// rest is removed first), then each rule's matches, summed. The store gives the commands; they run
/// in the order given, within whatever read the store opened.
/// </summary>
public static class PruneCounter
{
    /// <summary>Runs the counts.</summary>
    /// <param name="removing">The count of the jobs being removed and their tasks (a row of two longs).</param>
    /// <param name="ofRule">The count of a rule's ended jobs, not being removed, and their tasks (a row of two longs).</param>
    /// <param name="rules">The rules, already checked (<see cref="RetentionRules.Check(IReadOnlyList{PruneRule})"/>).</param>
    public static async Task<PruneCount> RunAsync(DbCommand removing, Func<PruneRule, DbCommand> ofRule, IReadOnlyList<PruneRule> rules,
        CancellationToken cancellationToken)
    {
        var (jobs, tasks) = await CountAsync(removing, cancellationToken);
        foreach (var rule in rules)
        {
            var (j, t) = await CountAsync(ofRule(rule), cancellationToken);
            jobs += j;
            tasks += t;
        }
        return new PruneCount(jobs, tasks);
    }

    private static async Task<(long Jobs, long Tasks)> CountAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
    }
}
