namespace GeoOrchestration.Errors;

/// <summary>The store could not be reached or answered with a transient failure after retries.</summary>
public sealed class GeoStoreUnavailableException(string message, Exception? inner = null) : GeoException(message, inner)
{
    public override string ErrorId => "StoreUnavailable";

    public override GeoErrorCategory Category => GeoErrorCategory.Unavailable;
}
