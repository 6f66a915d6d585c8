namespace GeoOrchestration.Store;

/// <summary>A pending control work item (plan a stage, or finalize a job) as the store holds it.</summary>
/// <param name="Kind"><see cref="WorkKind.PlanStage"/> or <see cref="WorkKind.Finalize"/>.</param>
/// <param name="Attempts">How often it was claimed.</param>
/// <param name="LeaseOwner">The worker holding it; null when nobody does.</param>
public sealed record WorkRecord(string JobId, WorkKind Kind, int Stage, int Attempts, string? LeaseOwner,
    DateTimeOffset VisibleAt, DateTimeOffset? LeaseExpiresAt);
