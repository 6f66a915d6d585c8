namespace GeoOrchestration.ServiceBus.Receiving;

/// <summary>
/// Whether a queue looks empty to this process: its last receive that returned (a long-poll) brought
/// nothing. The sweeper re-sends attempts that were sent long ago and never claimed only for a queue that
/// looks empty: while messages still flow, such an attempt is most likely waiting its turn behind a
/// backlog, and re-sending every waiting attempt each window would multiply the queue (and a depth-based
/// autoscaler's idea of it). Unknown (nothing received yet) counts as not empty. Thread-safe.
/// </summary>
internal sealed class QueueActivity
{
    private volatile bool _empty;

    /// <summary>True when the last receive came back with nothing.</summary>
    public bool LooksEmpty => _empty;

    /// <summary>Records what a receive brought.</summary>
    public void Received(int messages) => _empty = messages == 0;
}
