namespace GeoOrchestration.Errors;

/// <summary>
/// The request is valid but the object's current state does not allow it: cancelling a job that
/// has ended, retrying one that has not failed. Nothing was changed.
/// </summary>
/// <param name="errorId">The stable PascalCase id, e.g. <see cref="JobStatusId"/>.</param>
/// <param name="message">What was asked, and the state that refused it.</param>
/// <param name="target">The id of the object in conflict (a job id), when there is one.</param>
public sealed class GeoConflictException(string errorId, string message, string? target = null) : GeoException(message)
{
    /// <summary>Error id of a job whose status does not allow the requested change.</summary>
    public const string JobStatusId = "JobStatusConflict";

    /// <inheritdoc/>
    /// <value>The id given to the constructor.</value>
    public override string ErrorId { get; } = errorId;

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Conflict"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Conflict;

    /// <summary>The id of the object in conflict (a job id), when there is one.</summary>
    public string? Target { get; } = target;
}
