namespace GeoOrchestration.Errors;

/// <summary>
/// A stop (SIGTERM, Ctrl+C) ended a front end's in-process worker (<c>Invoke-GeoJob</c>,
/// <c>geoorch run</c>) before its job ended. The job goes on in the store: its running tasks were
/// handed back, so any worker (or the same command run again, which is the same job) finishes it.
/// Category <see cref="GeoErrorCategory.Cancelled"/>, id <c>JobInterrupted</c>; the message says how to resume.
/// </summary>
/// <param name="message">Names the job and how to finish it.</param>
/// <param name="jobId">The job that has not ended.</param>
public sealed class JobInterruptedException(string message, string jobId) : GeoException(message)
{
    /// <inheritdoc/>
    /// <value><c>JobInterrupted</c>.</value>
    public override string ErrorId => "JobInterrupted";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Cancelled"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Cancelled;

    /// <summary>The job that has not ended.</summary>
    public string JobId { get; } = jobId;
}
