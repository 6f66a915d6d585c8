using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// A plan that writes one task key twice in a stage, refused in the same words by every store. The
/// task id key is a plan's uniqueness check: a store catches its unique-key violation and throws this.
/// </summary>
public static class TaskKeyConflict
{
    /// <summary>The refusal naming the key that came again.</summary>
    /// <param name="inner">The store's unique-key violation.</param>
    public static ContractViolationException Refusal(string jobId, int stage, string taskKey, Exception inner) =>
        new($"Stage {stage} of job {jobId} planned two tasks with key '{taskKey}'; keys must be unique within a stage.", inner);

    /// <summary>
    /// The refusal for a store that cannot tell which row its violation was: the plan is read again
    /// (it is re-enumerable, see <see cref="StagePlanParams.Tasks"/>) for the first key that repeats.
    /// </summary>
    public static ContractViolationException Refusal(string jobId, int stage, IEnumerable<PlannedTask> tasks, Exception inner)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Refusal(jobId, stage, tasks.Select(t => t.TaskKey).FirstOrDefault(k => !seen.Add(k)) ?? "(unknown)", inner);
    }
}
