namespace GeoOrchestration.Model;

/// <summary>
/// What a submission did. <see cref="Created"/> is false when the same job type and parameters
/// had already been submitted: <see cref="Job"/> is then the existing job with its current status,
/// returned unchanged.
/// </summary>
/// <param name="Job">The job: the one created, or the request's latest run as it is now.</param>
/// <param name="Created">True when this submission created the job.</param>
public sealed record SubmitResult(JobRecord Job, bool Created)
{
    /// <summary>
    /// Options given to this submission that differ from the existing job's and so were not applied.
    /// Empty when the job was created, or when every given option matches.
    /// </summary>
    public IReadOnlyList<IgnoredSubmitOption> IgnoredOptions { get; init; } = [];
}
