namespace GeoOrchestration.Errors;

/// <summary>A job, task or job type that was asked for by id does not exist.</summary>
/// <param name="kind">What was looked for, capitalised for the message (the engine's own: <c>Job</c>).</param>
/// <param name="id">The id as the user gave it.</param>
public sealed class GeoNotFoundException(string kind, string id)
    : GeoException($"{kind} '{id}' was not found.")
{
    /// <summary>What was looked for (the engine's own: <c>Job</c>).</summary>
    public string Kind { get; } = kind;
    /// <summary>The id that was not found, as the user gave it.</summary>
    public string Id { get; } = id;
    /// <inheritdoc/>
    /// <value><c>NotFound</c>.</value>
    public override string ErrorId => "NotFound";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.NotFound"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.NotFound;
}
