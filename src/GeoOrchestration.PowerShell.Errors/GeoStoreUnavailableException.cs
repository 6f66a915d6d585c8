namespace GeoOrchestration.Errors;

/// <summary>The store could not be reached, or kept failing transiently after retries (id <c>StoreUnavailable</c>): try again later.</summary>
public sealed class GeoStoreUnavailableException(string message, string errorId, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    public override GeoErrorCategory Category => GeoErrorCategory.Unavailable;
}
