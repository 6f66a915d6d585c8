namespace GeoOrchestration.Hosting;

/// <summary>Where the connection a front end uses came from, in the order they are consulted.</summary>
public enum GeoConnectionSource
{
    /// <summary>Given to the command itself: <c>--connection</c>, <c>-Connection</c>.</summary>
    Explicit,
    /// <summary>The session's default, set by <c>Connect-GeoOrchestration</c> (the module; <c>geoorch</c> has no session).</summary>
    Session,
    /// <summary>The <c>GEO_CONNECTION</c> environment variable.</summary>
    Environment,
    /// <summary>Nothing was configured: the embedded store at the per-user default path.</summary>
    Default,
}
