namespace GeoOrchestration.ServiceBus.Receiving;

/// <summary>
/// The messages a worker's receivers took and its next claim will take, control work first. Receivers
/// fetch only what the worker asked for at its last claim and did not get (its free slots), up to a
/// cap: a busy worker holds no locks that would run out while it works (each expiry costs a delivery,
/// and enough of them dead-letter a message). Thread-safe.
/// </summary>
internal sealed class ReceivedBuffer(int capacity)
{
    private readonly object _gate = new();
    private readonly Queue<ReceivedMessage> _control = new();
    private readonly Queue<ReceivedMessage> _tasks = new();
    private readonly Dictionary<string, int> _demands = new(StringComparer.Ordinal);
    private int _demand;
    private TaskCompletionSource _roomChanged = NewSignal();

    /// <summary>How many messages are held.</summary>
    public int Count
    {
        get { lock (_gate) return _control.Count + _tasks.Count; }
    }

    /// <summary>What the workers can take now: their last claims' unmet demand, capped, less what is held.</summary>
    public int Room
    {
        get { lock (_gate) return RoomLocked(); }
    }

    /// <summary>Sets a worker's unmet demand (its last claim's limit less what it got); workers sharing a transport add up.</summary>
    public void Demand(string workerId, int items)
    {
        lock (_gate)
        {
            _demands[workerId] = Math.Max(0, items);
            _demand = _demands.Values.Sum();
            Pulse();
        }
    }

    /// <summary>Forgets every worker's demand (the last listener left).</summary>
    public void ForgetDemand()
    {
        lock (_gate)
        {
            _demands.Clear();
            _demand = 0;
            Pulse();
        }
    }

    /// <summary>Waits until there is room, and returns it (at least 1).</summary>
    public async Task<int> WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var room = RoomLocked();
                if (room > 0) return room;
                changed = _roomChanged.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Holds received messages for the next claim.</summary>
    public void Add(IEnumerable<ReceivedMessage> messages)
    {
        lock (_gate)
            foreach (var message in messages)
                (message.Queue == WorkQueue.Control ? _control : _tasks).Enqueue(message);
    }

    /// <summary>Takes up to <paramref name="limit"/> held messages, control work first.</summary>
    public List<ReceivedMessage> Take(int limit)
    {
        lock (_gate)
        {
            var taken = new List<ReceivedMessage>(Math.Min(limit, _control.Count + _tasks.Count));
            while (taken.Count < limit && _control.TryDequeue(out var control)) taken.Add(control);
            while (taken.Count < limit && _tasks.TryDequeue(out var task)) taken.Add(task);
            if (taken.Count > 0) Pulse();
            return taken;
        }
    }

    /// <summary>Takes every held message (when stopping, to give them back).</summary>
    public List<ReceivedMessage> TakeAll() => Take(int.MaxValue);

    private int RoomLocked() => Math.Min(_demand, capacity) - _control.Count - _tasks.Count;

    private void Pulse()
    {
        _roomChanged.TrySetResult();
        _roomChanged = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
