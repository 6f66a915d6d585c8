namespace GeoOrchestration.Errors;

/// <summary>A wait ended before the job reached a terminal state; the job itself goes on.</summary>
public sealed class GeoTimeoutException(string message) : GeoException(message)
{
    public override string ErrorId => "WaitTimeout";

    public override GeoErrorCategory Category => GeoErrorCategory.Timeout;
}
