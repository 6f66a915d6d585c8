namespace GeoOrchestration.Hosting;

/// <summary>Where the connection a front end uses came from, in the order they are consulted.</summary>
public enum GeoConnectionSource
{
    /// <summary>Given to the command itself: <c>--connection</c>, <c>-Connection</c>, <c>Connect-GeoOrchestration</c>.</summary>
    Explicit,
    /// <summary>The <c>GEO_CONNECTION</c> environment variable.</summary>
    Environment,
    /// <summary>Nothing was configured: the embedded store at the per-user default path.</summary>
    Default,
}
