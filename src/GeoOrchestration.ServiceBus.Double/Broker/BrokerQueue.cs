namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// One entity's messages: a queue, or its dead-letter subqueue (which shares the queue's lock, so moving a
/// message between them is atomic). Holds the service's semantics: strictly increasing sequence numbers,
/// peek-lock with a lock token per delivery, lock expiry and redelivery with a rising delivery count,
/// dead-lettering after MaxDeliveryCount deliveries, scheduled enqueue, time to live and duplicate detection.
/// Time comes from the injected <see cref="TimeProvider"/>; one timer per queue fires at the next due instant
/// (a lock expiring, a scheduled message coming due, a message expiring), and every operation first applies
/// whatever came due, so the state never depends on timer punctuality. Consumers get messages outside the lock.
/// </summary>
internal sealed partial class BrokerQueue
{
    public const string DeadLetterSuffix = "/$deadletterqueue";

    private readonly object _sync;
    private readonly TimeProvider _time;
    private readonly BrokerQueue? _parent;
    private readonly SortedDictionary<long, StoredMessage> _active = new();
    private readonly SortedSet<long> _available = new();
    private readonly SortedDictionary<long, StoredMessage> _scheduled = new();
    private readonly Dictionary<Guid, StoredMessage> _locks = new();
    private readonly DuplicateHistory _duplicates = new();
    private readonly List<IMessageConsumer> _consumers = new();
    private readonly ITimer _timer;
    private QueueSettings _settings;
    private long _lastSequence;
    private int _nextConsumer;
    private DateTimeOffset _nextExpiry = DateTimeOffset.MaxValue;

    public BrokerQueue(string name, QueueSettings settings, TimeProvider time)
    {
        _sync = new object();
        _time = time;
        _settings = settings;
        Name = name;
        _timer = time.CreateTimer(static s => ((BrokerQueue)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        DeadLetter = new BrokerQueue(this);
    }

    private BrokerQueue(BrokerQueue parent)
    {
        _sync = parent._sync;
        _time = parent._time;
        _parent = parent;
        _settings = parent._settings;
        Name = parent.Name + DeadLetterSuffix;
        _timer = _time.CreateTimer(static s => ((BrokerQueue)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The entity path: the queue's name, or <c>name/$deadletterqueue</c>.</summary>
    public string Name { get; }

    /// <summary>The dead-letter subqueue; null for the subqueue itself.</summary>
    public BrokerQueue? DeadLetter { get; }

    public bool IsDeadLetterQueue => _parent is not null;

    /// <summary>Set when the queue was deleted; links to it are closed.</summary>
    public bool IsDeleted { get; private set; }

    /// <summary>Raised (outside the lock) when the queue is deleted.</summary>
    public event Action? Deleted;

    public QueueSettings Settings
    {
        get { lock (_sync) { return _parent?._settings ?? _settings; } }
        set { lock (_sync) { _settings = value; } }
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// Accepts a sent message: dropped (and reported as a duplicate) when duplicate detection remembers its id;
    /// held until its scheduled time when that is in the future; else enqueued now.
    /// </summary>
    /// <returns>The sequence number given to it (a scheduled message gets a new one on activation); null for a dropped duplicate.</returns>
    public long? Enqueue(StoredMessage message)
    {
        List<(IMessageConsumer, MessageDelivery)> deliveries;
        long? sequence;
        lock (_sync)
        {
            var now = Now;
            ApplyDue(now);
            var settings = Settings;
            if (!IsDeadLetterQueue && settings.RequiresDuplicateDetection && message.MessageId is { } id
                && _duplicates.IsDuplicate(id, now, settings.DuplicateDetectionHistoryTimeWindow))
            {
                return null;
            }

            if (message.ScheduledEnqueueTime is { } due && due > now)
            {
                message.SequenceNumber = ++_lastSequence;
                message.IsScheduled = true;
                _scheduled.Add(message.SequenceNumber, message);
                sequence = message.SequenceNumber;
            }
            else
            {
                Activate(message, now);
                sequence = message.SequenceNumber;
            }

            deliveries = PumpLocked(now);
            ArmTimerLocked(now);
        }

        Dispatch(deliveries);
        return sequence;
    }

    /// <summary>A sequence number no message will have (what the service answers for a scheduled duplicate).</summary>
    public long ReserveSequenceNumber()
    {
        lock (_sync)
        {
            return ++_lastSequence;
        }
    }

    /// <summary>Removes a scheduled message before it comes due; false when there is no such scheduled message.</summary>
    public bool CancelScheduled(long sequenceNumber)
    {
        lock (_sync)
        {
            ApplyDue(Now);
            return _scheduled.Remove(sequenceNumber);
        }
    }

    /// <summary>Up to <paramref name="count"/> messages from <paramref name="fromSequenceNumber"/> on, active and scheduled, in sequence order, without locking.</summary>
    public IReadOnlyList<MessageDelivery> Peek(long fromSequenceNumber, int count)
    {
        lock (_sync)
        {
            ApplyDue(Now);
            return _active.Values.Concat(_scheduled.Values)
                .Where(m => m.SequenceNumber >= fromSequenceNumber)
                .OrderBy(m => m.SequenceNumber)
                .Take(Math.Max(0, count))
                .Select(MessageDelivery.Of)
                .ToList();
        }
    }

    public QueueCounts Counts()
    {
        lock (_sync)
        {
            var now = Now;
            ApplyDue(now);
            DeadLetter?.ApplyDue(now);
            return new QueueCounts(_active.Count, _scheduled.Count, DeadLetter?._active.Count ?? 0);
        }
    }

    public void AddConsumer(IMessageConsumer consumer)
    {
        lock (_sync)
        {
            _consumers.Add(consumer);
        }
    }

    public void RemoveConsumer(IMessageConsumer consumer)
    {
        lock (_sync)
        {
            _consumers.Remove(consumer);
        }
    }

    /// <summary>Hands available messages to consumers with credit (after a consumer got credit).</summary>
    public void Pump()
    {
        List<(IMessageConsumer, MessageDelivery)> deliveries;
        lock (_sync)
        {
            var now = Now;
            ApplyDue(now);
            deliveries = PumpLocked(now);
            ArmTimerLocked(now);
        }

        Dispatch(deliveries);
    }

    /// <summary>Marks the queue deleted, drops its messages and stops its timers.</summary>
    public void Delete()
    {
        lock (_sync)
        {
            IsDeleted = true;
            _active.Clear();
            _available.Clear();
            _scheduled.Clear();
            _locks.Clear();
            _consumers.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            DeadLetter?.Delete();
        }

        Deleted?.Invoke();
    }

    private void OnTimer()
    {
        if (!IsDeleted)
        {
            Pump();
        }
    }

    private static void Dispatch(List<(IMessageConsumer Consumer, MessageDelivery Delivery)> deliveries)
    {
        foreach (var (consumer, delivery) in deliveries)
        {
            consumer.Deliver(delivery);
        }
    }
}
