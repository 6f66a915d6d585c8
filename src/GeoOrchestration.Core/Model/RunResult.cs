using GeoOrchestration.Errors;

namespace GeoOrchestration.Model;

/// <summary>What <see cref="GeoClient.RunAsync"/> did.</summary>
/// <param name="Submission">The submission: whether it created the job, and the options it was returned without.</param>
/// <param name="Job">The job as it ended, or as it stood when the wait timed out.</param>
public sealed record RunResult(SubmitResult Submission, JobRecord Job)
{
    /// <summary>
    /// Set when <see cref="RunOptions.Timeout"/> passed before the job ended: the error a front end
    /// reports (the job is still queued or processing). Null when the job ended.
    /// </summary>
    public GeoTimeoutException? TimedOut { get; init; }
}
