namespace GeoOrchestration.Errors;

/// <summary>A wait ended before the job reached a terminal state; the job itself goes on.</summary>
/// <param name="message">Which job was waited for, how long, and its state.</param>
public sealed class GeoTimeoutException(string message) : GeoException(message)
{
    /// <inheritdoc/>
    /// <value><c>WaitTimeout</c>.</value>
    public override string ErrorId => "WaitTimeout";

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Timeout"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Timeout;
}
