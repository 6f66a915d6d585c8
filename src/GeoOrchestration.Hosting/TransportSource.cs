namespace GeoOrchestration.Hosting;

/// <summary>Where the transport a front end uses came from, in the order they are consulted.</summary>
public enum TransportSource
{
    /// <summary>Given to the command: <c>--transport</c>, <c>--servicebus-namespace</c>, <c>--servicebus-connection</c>.</summary>
    Explicit,
    /// <summary>The session's, set by <c>Connect-GeoOrchestration -ServiceBusNamespace</c> / <c>-ServiceBusConnectionString</c>.</summary>
    Session,
    /// <summary>The <c>GEO_SERVICEBUS</c> environment variable.</summary>
    Environment,
    /// <summary>Nothing chose one: the database transport.</summary>
    Default,
}
