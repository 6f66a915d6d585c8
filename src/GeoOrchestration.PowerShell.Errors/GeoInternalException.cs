namespace GeoOrchestration.Errors;

/// <summary>
/// An error nobody classified (id <c>Unexpected</c>): a bug in GeoOrchestration, to be reported with
/// <see cref="Exception.InnerException"/>, which is what was thrown.
/// </summary>
public sealed class GeoInternalException(string message, string errorId, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    public override GeoErrorCategory Category => GeoErrorCategory.Internal;
}
