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
}
