namespace GeoOrchestration.Errors;

/// <summary>
/// Base of every error the GeoOrchestration cmdlets report (<c>$_.Exception</c> of their
/// <c>ErrorRecord</c>s): <c>catch [GeoOrchestration.Errors.GeoException]</c> catches them all, a
/// subclass one <see cref="GeoErrorCategory"/>. The message is the engine's; the engine's own
/// exception is <see cref="Exception.InnerException"/> (for a bug, whatever was thrown).
/// </summary>
public abstract class GeoException : Exception
{
    protected GeoException(string message, string errorId, Exception? innerException) : base(message, innerException) =>
        ErrorId = errorId;

    /// <summary>
    /// The stable PascalCase id of this error (<c>InvalidInput</c>, <c>NotFound</c>,
    /// <c>JobStatusConflict</c>, <c>SchemaNotDeployed</c>, ...), also the record's <c>CategoryInfo.Reason</c>
    /// and the <c>id</c> of <c>geoorch --output json</c> errors.
    /// </summary>
    public string ErrorId { get; }

    /// <summary>What kind of failure this is; one subclass per category.</summary>
    public abstract GeoErrorCategory Category { get; }
}
