namespace GeoOrchestration.Errors;

/// <summary>Thrown by a handler to say that retrying this task cannot succeed.</summary>
/// <param name="message">Why; stored as the task's error message.</param>
/// <param name="inner">The exception that caused it, if any.</param>
public class PermanentTaskException(string message, Exception? inner = null) : GeoException(message, inner)
{
    /// <inheritdoc/>
    /// <value><c>PermanentTaskFailure</c>.</value>
    public override string ErrorId => "PermanentTaskFailure";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Permanent"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Permanent;
}
