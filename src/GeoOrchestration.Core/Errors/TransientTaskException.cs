namespace GeoOrchestration.Errors;

/// <summary>Thrown by a handler to say that the same task may succeed if tried again later.</summary>
/// <param name="message">Why; stored as the task's error message.</param>
/// <param name="inner">The exception that caused it, if any.</param>
public class TransientTaskException(string message, Exception? inner = null) : GeoException(message, inner)
{
    /// <inheritdoc/>
    /// <value><c>TransientTaskFailure</c>.</value>
    public override string ErrorId => "TransientTaskFailure";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Transient"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Transient;
}
