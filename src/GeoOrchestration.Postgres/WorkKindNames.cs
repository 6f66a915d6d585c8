using GeoOrchestration.Store;

namespace GeoOrchestration.Postgres;

/// <summary>The names control work kinds have in <c>job_work.kind</c>.</summary>
internal static class WorkKindNames
{
    public static string ToName(WorkKind kind) => kind switch
    {
        WorkKind.PlanStage => "plan",
        WorkKind.Finalize => "finalize",
        // Tasks are rows of their own table, never control work.
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only plan and finalize are control work."),
    };

    /// <exception cref="FormatException">The store holds a kind this build does not know.</exception>
    public static WorkKind Parse(string name) => name switch
    {
        "plan" => WorkKind.PlanStage,
        "finalize" => WorkKind.Finalize,
        _ => throw new FormatException($"'{name}' is not a control work kind."),
    };
}
