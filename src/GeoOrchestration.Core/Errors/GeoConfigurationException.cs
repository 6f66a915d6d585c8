namespace GeoOrchestration.Errors;

/// <summary>
/// The engine cannot start as configured: a job type names a task type that has no handler,
/// two handlers claim one task type, a schema migration drifted. Found at start-up, not mid-job.
/// </summary>
public sealed class GeoConfigurationException(string message, Exception? inner = null) : GeoException(message, inner)
{
    public override string ErrorId => "InvalidConfiguration";
}
