namespace GeoOrchestration.Errors;

/// <summary>The store could not be reached or answered with a transient failure after retries.</summary>
/// <param name="message">What failed, naming the store.</param>
/// <param name="inner">The driver's exception.</param>
public sealed class GeoStoreUnavailableException(string message, Exception? inner = null) : GeoException(message, inner)
{
    /// <inheritdoc/>
    /// <value><c>StoreUnavailable</c>.</value>
    public override string ErrorId => "StoreUnavailable";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Unavailable"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Unavailable;
}
