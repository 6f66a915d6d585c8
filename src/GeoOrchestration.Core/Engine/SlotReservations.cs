namespace GeoOrchestration.Engine;

/// <summary>
/// A worker's room for claimed items, handed to one claim at a time. Two claims of one worker can
/// be in flight at once: the claim loop's, and the one a plan makes in its own transaction for the
/// stage's first tasks. Each counted the same free slots, so under load (a claim's round trip
/// landing after the plan's commit) the worker leased up to twice its room, and the extra tasks
/// waited for a slot, leased and renewed, while other workers idled. A claim reserves the slots it
/// asks for until its items are held, so the two never share a slot.
/// </summary>
internal sealed class SlotReservations(Func<int> capacity, Func<int> held)
{
    private readonly object _gate = new();
    private int _reserved;

    /// <summary>Slots neither held nor reserved by a claim in flight (0 or more).</summary>
    public int Free
    {
        get
        {
            lock (_gate) return Math.Max(0, capacity() - held() - _reserved);
        }
    }

    /// <summary>Reserves every free slot; dispose the result once the claimed items are held (or the claim failed).</summary>
    public Reservation Reserve()
    {
        lock (_gate)
        {
            var count = Math.Max(0, capacity() - held() - _reserved);
            _reserved += count;
            return new Reservation(this, count);
        }
    }

    private void Release(int count)
    {
        lock (_gate) _reserved -= count;
    }

    /// <summary>Slots set aside for one claim: ask the store for <see cref="Count"/> items at most.</summary>
    public sealed class Reservation(SlotReservations owner, int count) : IDisposable
    {
        private int _released;

        public int Count => count;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Release(count);
        }
    }
}
