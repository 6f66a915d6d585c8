namespace GeoOrchestration.Errors;

/// <summary>A job, task or job type asked for by id or name does not exist (id <c>NotFound</c>).</summary>
public sealed class GeoNotFoundException(string message, string errorId, string? kind, string? id, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    /// <summary>What was looked for: <c>Job</c>, <c>Job type</c>, ...; null when the engine did not say.</summary>
    public string? Kind { get; } = kind;

    /// <summary>The id or name that was asked for, as given; null when the engine did not say.</summary>
    public string? Id { get; } = id;

    public override GeoErrorCategory Category => GeoErrorCategory.NotFound;
}
