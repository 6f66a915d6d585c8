namespace GeoOrchestration.Errors;

/// <summary>A job, task or job type that was asked for by id does not exist.</summary>
public sealed class GeoNotFoundException(string kind, string id)
    : GeoException($"{kind} '{id}' was not found.")
{
    public string Kind { get; } = kind;
    public string Id { get; } = id;
    public override string ErrorId => "NotFound";

    public override GeoErrorCategory Category => GeoErrorCategory.NotFound;
}
