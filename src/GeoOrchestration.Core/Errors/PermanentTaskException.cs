namespace GeoOrchestration.Errors;

/// <summary>Thrown by a handler to say that retrying this task cannot succeed.</summary>
public class PermanentTaskException(string message, Exception? inner = null) : GeoException(message, inner)
{
    public override string ErrorId => "PermanentTaskFailure";

    public override GeoErrorCategory Category => GeoErrorCategory.Permanent;
}
