namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// The message ids a queue with duplicate detection has seen, each remembered for the detection window from
/// its first send, completed or not (the service drops a re-send within the window even after completion).
/// Guarded by the owning queue's lock.
/// </summary>
internal sealed class DuplicateHistory
{
    private readonly Dictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    /// <summary>True when <paramref name="messageId"/> was seen within <paramref name="window"/>; else remembers it.</summary>
    public bool IsDuplicate(string messageId, DateTimeOffset now, TimeSpan window)
    {
        Forget(now, window);
        if (_firstSeen.ContainsKey(messageId))
        {
            return true;
        }

        _firstSeen[messageId] = now;
        _order.Enqueue((messageId, now));
        return false;
    }

    private void Forget(DateTimeOffset now, TimeSpan window)
    {
        while (_order.Count > 0 && now - _order.Peek().At >= window)
        {
            var (id, at) = _order.Dequeue();
            if (_firstSeen.TryGetValue(id, out var seen) && seen == at)
            {
                _firstSeen.Remove(id);
            }
        }
    }
}
