namespace GeoOrchestration.Errors;

/// <summary>
/// Code broke a promise the engine relies on: a planner returned duplicate task keys, a stage's
/// results lack a field the next stage needs, a handler returned something that is not JSON.
/// Retrying cannot help, so tasks that raise it fail at once.
/// </summary>
public sealed class ContractViolationException(string message, Exception? inner = null)
    : GeoException(message, inner)
{
    public override string ErrorId => "ContractViolation";

    public override GeoErrorCategory Category => GeoErrorCategory.Permanent;
}
