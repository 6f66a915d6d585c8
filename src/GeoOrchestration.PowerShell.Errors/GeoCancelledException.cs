namespace GeoOrchestration.Errors;

/// <summary>
/// A stop (SIGTERM) ended <c>Invoke-GeoJob</c>'s in-process worker before its job ended (id
/// <c>JobInterrupted</c>): the job goes on in the store, for any worker or the same command run again.
/// </summary>
public sealed class GeoCancelledException(string message, string errorId, string? jobId, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    /// <summary>The job that has not ended, when there is one.</summary>
    public string? JobId { get; } = jobId;

    public override GeoErrorCategory Category => GeoErrorCategory.Cancelled;
}
