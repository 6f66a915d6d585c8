namespace GeoOrchestration.Errors;

/// <summary>
/// Work that cannot succeed however often it is tried (id <c>PermanentTaskFailure</c>); catching
/// this type also catches <see cref="GeoContractViolationException"/>.
/// </summary>
public class GeoPermanentException(string message, string errorId, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    public override GeoErrorCategory Category => GeoErrorCategory.Permanent;
}
