namespace GeoOrchestration.Errors;

/// <summary>A wait (<c>-Timeout</c>) gave up before the job ended (id <c>WaitTimeout</c>); the job itself goes on.</summary>
public sealed class GeoTimeoutException(string message, string errorId, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    public override GeoErrorCategory Category => GeoErrorCategory.Timeout;
}
