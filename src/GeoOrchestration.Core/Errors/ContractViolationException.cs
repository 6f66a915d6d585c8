namespace GeoOrchestration.Errors;

/// <summary>
/// Code broke a promise the engine relies on: a planner returned duplicate task keys, a stage's
/// results lack a field the next stage needs, a handler returned something that is not JSON.
/// Retrying cannot help, so tasks that raise it fail at once.
/// </summary>
/// <param name="message">What was broken, naming the field or task (a user reads it in the task's or job's error).</param>
/// <param name="inner">The exception that revealed it, if any.</param>
public sealed class ContractViolationException(string message, Exception? inner = null)
    : GeoException(message, inner)
{
    /// <inheritdoc/>
    /// <value><c>ContractViolation</c>.</value>
    public override string ErrorId => "ContractViolation";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Permanent"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Permanent;
}
