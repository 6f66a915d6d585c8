namespace GeoOrchestration.Errors;

/// <summary>
/// The setup cannot serve the request: the schema is not deployed, out of date or drifted
/// (<c>SchemaNotDeployed</c>, <c>SchemaOutOfDate</c>, <c>SchemaHistoryMismatch</c>), the database or
/// login does not exist or is refused, this user may not write the store (<c>PermissionDenied</c>),
/// a tool a job type needs is missing. Trying again does not help until the setup changes.
/// </summary>
public sealed class GeoConfigurationException(string message, string errorId, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    public override GeoErrorCategory Category => GeoErrorCategory.Configuration;
}
