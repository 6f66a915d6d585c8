namespace GeoOrchestration.Errors;

/// <summary>Thrown by a handler to say that the same task may succeed if tried again later.</summary>
public class TransientTaskException(string message, Exception? inner = null) : GeoException(message, inner)
{
    public override string ErrorId => "TransientTaskFailure";

    public override GeoErrorCategory Category => GeoErrorCategory.Transient;
}
