namespace GeoOrchestration.Errors;

/// <summary>Work that may succeed if tried again later (id <c>TransientTaskFailure</c>).</summary>
public sealed class GeoTransientException(string message, string errorId, Exception? innerException)
    : GeoException(message, errorId, innerException)
{
    public override GeoErrorCategory Category => GeoErrorCategory.Transient;
}
