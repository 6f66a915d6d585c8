namespace GeoOrchestration.Errors;

/// <summary>
/// The request is valid but the object's current state does not allow it, e.g. stopping a job that
/// has ended (id <c>JobStatusConflict</c>). Nothing was changed.
/// </summary>
public sealed class GeoConflictException(string message, string errorId, string? target, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    /// <summary>The id of the object in conflict (a job id), when there is one.</summary>
    public string? Target { get; } = target;

    public override GeoErrorCategory Category => GeoErrorCategory.Conflict;
}
