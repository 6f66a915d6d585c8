namespace GeoOrchestration.Errors;

/// <summary>
/// A message transport (Azure Service Bus) could not be reached, or kept answering with a transient
/// failure (busy, timeout, a dropped connection) after retries. Work is not lost: the database still
/// holds every attempt, and workers fall back to claiming from it.
/// </summary>
/// <param name="message">What failed, naming the namespace or queue (never a secret).</param>
/// <param name="inner">The client library's exception.</param>
public sealed class GeoTransportUnavailableException(string message, Exception? inner = null) : GeoException(message, inner)
{
    /// <inheritdoc/>
    /// <value><c>TransportUnavailable</c>.</value>
    public override string ErrorId => "TransportUnavailable";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Unavailable"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Unavailable;
}
