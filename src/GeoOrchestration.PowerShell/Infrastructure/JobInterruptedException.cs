using GeoOrchestration.Errors;

namespace GeoOrchestration.Infrastructure;

/// <summary>
/// SIGTERM stopped <c>Invoke-GeoJob</c>'s in-process worker before its job ended. The job goes on in
/// the store: its running tasks were handed back, so any worker (or the same command run again,
/// which is the same job) finishes it. Written as <c>GeoCancelled</c> with the reason <c>JobInterrupted</c>.
/// </summary>
internal sealed class JobInterruptedException(string message, string jobId) : GeoException(message)
{
    public override string ErrorId => "JobInterrupted";

    public override GeoErrorCategory Category => GeoErrorCategory.Cancelled;

    /// <summary>The job that has not ended.</summary>
    public string JobId { get; } = jobId;
}
