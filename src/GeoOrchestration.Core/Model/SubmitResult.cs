namespace GeoOrchestration.Model;

/// <summary>
/// What a submission did. <see cref="Created"/> is false when the same job type and parameters
/// had already been submitted: <see cref="Job"/> is then the existing job with its current status.
/// </summary>
public sealed record SubmitResult(JobRecord Job, bool Created);
