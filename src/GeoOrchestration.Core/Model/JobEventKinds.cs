namespace GeoOrchestration.Model;

/// <summary>The one mapping between <see cref="JobEventKind"/> and the names every store keeps (its CHECK constraint's list).</summary>
public static class JobEventKinds
{
    private static readonly Dictionary<JobEventKind, string> Names = new()
    {
        [JobEventKind.Submitted] = "submitted",
        [JobEventKind.StagePlanned] = "stage_planned",
        [JobEventKind.StageCompleted] = "stage_completed",
        [JobEventKind.Finalized] = "finalized",
        [JobEventKind.Failed] = "failed",
        [JobEventKind.Cancelled] = "cancelled",
        [JobEventKind.Retried] = "retried",
        [JobEventKind.TaskRetrying] = "task_retrying",
        [JobEventKind.TaskFailed] = "task_failed",
        [JobEventKind.LeaseExpired] = "lease_expired",
        [JobEventKind.Repaired] = "repaired",
        [JobEventKind.TasksHandedBack] = "tasks_handed_back",
    };

    private static readonly Dictionary<string, JobEventKind> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The name a store keeps for a kind.</summary>
    /// <param name="kind">A defined kind.</param>
    /// <returns>Its snake_case name, e.g. <c>stage_completed</c>.</returns>
    public static string ToName(JobEventKind kind) => Names[kind];

    /// <summary>The kind a stored name stands for.</summary>
    /// <param name="name">The snake_case name, exactly as stored.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="FormatException">The store holds a name this build does not know.</exception>
    public static JobEventKind Parse(string name) =>
        ByName.TryGetValue(name, out var kind) ? kind : throw new FormatException($"'{name}' is not a job event kind.");

    /// <summary>The kind a name stands for, if any (what front ends check a user's <c>-Kind</c> against).</summary>
    /// <param name="name">A snake_case name.</param>
    /// <param name="kind">The kind, when known.</param>
    /// <returns>True when the name is a kind's.</returns>
    public static bool TryParse(string name, out JobEventKind kind) => ByName.TryGetValue(name, out kind);

    /// <summary>Every kind's name, in the order the kinds are declared.</summary>
    public static IReadOnlyList<string> AllNames { get; } = Enum.GetValues<JobEventKind>().Select(k => Names[k]).ToList();
}
