namespace GeoOrchestration.Store;

/// <summary>A registered worker's state (<see cref="WorkerRecord.State"/>).</summary>
public enum WorkerState
{
    /// <summary>Heartbeating, claiming work.</summary>
    Running,

    /// <summary>Heartbeating, asked to stop: it claims nothing more and finishes or hands back what it holds.</summary>
    Stopping,

    /// <summary>Its heartbeats stopped past its expiry (killed, its host lost, cut off from the store).</summary>
    Lost,
}
