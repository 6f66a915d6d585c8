using GeoOrchestration.Errors;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// A GeoJob that ended <c>failed</c>, as the reason of its PowerShell job's <c>Failed</c> state: what
/// <c>Receive-Job</c> writes as the job's error. Category <see cref="GeoErrorCategory.Permanent"/> (the job
/// will not succeed by waiting; <c>Restart-GeoJob</c> runs what failed again), id <c>JobFailed</c>.
/// </summary>
/// <param name="message">Names the job and carries the error the store recorded.</param>
/// <param name="jobId">The failed job.</param>
internal sealed class GeoJobFailedException(string message, string jobId) : GeoException(message)
{
    /// <inheritdoc/>
    /// <value><c>JobFailed</c>.</value>
    public override string ErrorId => "JobFailed";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Permanent"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Permanent;

    /// <summary>The job that failed.</summary>
    public string JobId { get; } = jobId;
}
