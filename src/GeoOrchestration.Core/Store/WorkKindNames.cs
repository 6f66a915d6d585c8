namespace GeoOrchestration.Store;

/// <summary>The one mapping between control <see cref="WorkKind"/>s and the names every store keeps in job_work.kind.</summary>
public static class WorkKindNames
{
    /// <summary>The name a store keeps for a control work kind.</summary>
    /// <param name="kind"><see cref="WorkKind.PlanStage"/> or <see cref="WorkKind.Finalize"/>.</param>
    /// <returns><c>plan</c> or <c>finalize</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A task is not control work and has no name here.</exception>
    public static string ToName(WorkKind kind) => kind switch
    {
        WorkKind.PlanStage => "plan",
        WorkKind.Finalize => "finalize",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only control work (plan, finalize) is stored in job_work."),
    };

    /// <summary>The control work kind a stored name stands for.</summary>
    /// <param name="name"><c>plan</c> or <c>finalize</c>, exactly.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="FormatException">The store holds a name this build does not know.</exception>
    public static WorkKind Parse(string name) => name switch
    {
        "plan" => WorkKind.PlanStage,
        "finalize" => WorkKind.Finalize,
        _ => throw new FormatException($"'{name}' is not a work kind."),
    };
}
