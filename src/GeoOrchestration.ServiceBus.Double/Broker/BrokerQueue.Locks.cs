namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>Peek-lock, settlement and the clock-driven transitions (lock expiry, scheduled activation, expiry).</summary>
internal sealed partial class BrokerQueue
{
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
    public const string TtlExpired = "TTLExpiredException";
    public const string DeadLetterReasonProperty = "DeadLetterReason";
    public const string DeadLetterDescriptionProperty = "DeadLetterErrorDescription";

    /// <summary>Complete: the message is gone.</summary>
    public SettleOutcome Complete(Guid lockToken) =>
        Settle(lockToken, (m, _) => { _active.Remove(m.SequenceNumber); });

    /// <summary>Abandon: available again at once, its delivery count already counted; dead-lettered when that was the last allowed delivery.</summary>
    public SettleOutcome Abandon(Guid lockToken, IReadOnlyDictionary<string, object>? propertiesToModify) =>
        Settle(lockToken, (m, now) => { Merge(m, propertiesToModify); Release(m, now); });

    /// <summary>Defer: kept, but no longer handed out (receivable by sequence number on the real service).</summary>
    public SettleOutcome Defer(Guid lockToken, IReadOnlyDictionary<string, object>? propertiesToModify) =>
        Settle(lockToken, (m, _) => { Merge(m, propertiesToModify); m.Deferred = true; });

    /// <summary>Moves the locked message to the dead-letter subqueue with the reason and description given.</summary>
    public SettleOutcome DeadLetterMessage(Guid lockToken, string? reason, string? description, IReadOnlyDictionary<string, object>? propertiesToModify) =>
        Settle(lockToken, (m, _) => { Merge(m, propertiesToModify); MoveToDeadLetter(m, reason, description); });

    /// <summary>Extends a held lock by the lock duration from now; the new locked-until, or null when the lock is lost.</summary>
    public DateTimeOffset? RenewLock(Guid lockToken)
    {
        lock (_sync)
        {
            var now = Now;
            ApplyDue(now);
            if (!_locks.TryGetValue(lockToken, out var message))
            {
                return null;
            }

            message.LockedUntil = now + Settings.LockDuration;
            ArmTimerLocked(now);
            return message.LockedUntil;
        }
    }

    /// <summary>Ends a lock at once, as if it had expired (fault injection: the message is delivered again).</summary>
    public void ExpireLock(Guid lockToken) =>
        Settle(lockToken, (m, now) => Release(m, now));

    private SettleOutcome Settle(Guid lockToken, Action<StoredMessage, DateTimeOffset> transition)
    {
        List<(IMessageConsumer, MessageDelivery)> deliveries;
        lock (_sync)
        {
            var now = Now;
            ApplyDue(now);
            if (!_locks.Remove(lockToken, out var message))
            {
                return SettleOutcome.LockLost;
            }

            message.LockToken = null;
            transition(message, now);
            deliveries = PumpLocked(now);
            ArmTimerLocked(now);
        }

        Dispatch(deliveries);
        return SettleOutcome.Settled;
    }

    private static void Merge(StoredMessage message, IReadOnlyDictionary<string, object>? properties)
    {
        if (properties is null)
        {
            return;
        }

        foreach (var (key, value) in properties)
        {
            message.PropertiesToModify[key] = value;
        }
    }

    private void Activate(StoredMessage message, DateTimeOffset now)
    {
        message.SequenceNumber = ++_lastSequence;
        message.IsScheduled = false;
        message.EnqueuedTime = now;
        var cap = Settings.DefaultMessageTimeToLive;
        var ttl = message.TimeToLive is { } t && t < cap ? t : cap;
        message.ExpiresAt = IsDeadLetterQueue ? DateTimeOffset.MaxValue : Clamp(now, ttl);
        _nextExpiry = message.ExpiresAt < _nextExpiry ? message.ExpiresAt : _nextExpiry;
        _active.Add(message.SequenceNumber, message);
        _available.Add(message.SequenceNumber);
    }

    private static DateTimeOffset Clamp(DateTimeOffset now, TimeSpan ttl) =>
        DateTimeOffset.MaxValue - now <= ttl ? DateTimeOffset.MaxValue : now + ttl;

    /// <summary>Puts a message whose lock ended back in line, or dead-letters it when its deliveries are used up.</summary>
    private void Release(StoredMessage message, DateTimeOffset now)
    {
        message.LockToken = null;
        var max = Settings.MaxDeliveryCount;
        if (!IsDeadLetterQueue && message.DeliveryCount >= max)
        {
            MoveToDeadLetter(message, MaxDeliveryCountExceeded, $"Message could not be consumed after {max} delivery attempts.");
            return;
        }

        _available.Add(message.SequenceNumber);
    }

    private void MoveToDeadLetter(StoredMessage message, string? reason, string? description)
    {
        _active.Remove(message.SequenceNumber);
        _available.Remove(message.SequenceNumber);
        if (DeadLetter is null)
        {
            return; // dead-lettering from the dead-letter queue itself: the service drops it too
        }

        if (reason is not null)
        {
            message.PropertiesToModify[DeadLetterReasonProperty] = reason;
        }

        if (description is not null)
        {
            message.PropertiesToModify[DeadLetterDescriptionProperty] = description;
        }

        message.DeadLetterSource = Name;
        message.LockToken = null;
        message.Deferred = false;
        message.ExpiresAt = DateTimeOffset.MaxValue;
        DeadLetter._lastSequence = Math.Max(DeadLetter._lastSequence, message.SequenceNumber);
        DeadLetter._active.Add(message.SequenceNumber, message);
        DeadLetter._available.Add(message.SequenceNumber);
        DeadLetter._pendingPump = true;
    }

    private bool _pendingPump;

    /// <summary>Applies what came due by <paramref name="now"/>: expired locks, scheduled messages, expired messages.</summary>
    private void ApplyDue(DateTimeOffset now)
    {
        foreach (var expired in _locks.Values.Where(m => m.LockedUntil <= now).ToList())
        {
            _locks.Remove(expired.LockToken!.Value);
            Release(expired, now);
        }

        foreach (var due in _scheduled.Values.Where(m => m.ScheduledEnqueueTime <= now).ToList())
        {
            _scheduled.Remove(due.SequenceNumber);
            Activate(due, now);
        }

        if (_nextExpiry <= now)
        {
            _nextExpiry = DateTimeOffset.MaxValue;
            foreach (var message in _active.Values.ToList())
            {
                if (message.ExpiresAt > now)
                {
                    _nextExpiry = message.ExpiresAt < _nextExpiry ? message.ExpiresAt : _nextExpiry;
                }
                else if (message.LockToken is null)
                {
                    Expire(message);
                }
                else
                {
                    // The service never expires a locked message before its lock ends: look again then.
                    _nextExpiry = message.LockedUntil < _nextExpiry ? message.LockedUntil : _nextExpiry;
                }
            }
        }
    }

    private void Expire(StoredMessage message)
    {
        if (Settings.DeadLetteringOnMessageExpiration)
        {
            MoveToDeadLetter(message, TtlExpired, "The message expired and was dead lettered.");
        }
        else
        {
            _active.Remove(message.SequenceNumber);
            _available.Remove(message.SequenceNumber);
        }
    }

    /// <summary>Locks available messages, oldest first, for consumers with credit (round robin).</summary>
    private List<(IMessageConsumer, MessageDelivery)> PumpLocked(DateTimeOffset now)
    {
        var deliveries = new List<(IMessageConsumer, MessageDelivery)>();
        if (_pendingPump && DeadLetter is null)
        {
            _pendingPump = false;
        }

        while (_available.Count > 0 && _consumers.Count > 0)
        {
            var consumer = NextConsumerWithCredit();
            if (consumer is null)
            {
                break;
            }

            var sequence = _available.Min;
            _available.Remove(sequence);
            var message = _active[sequence];
            var token = Guid.NewGuid();
            message.LockToken = token;
            message.LockedUntil = now + Settings.LockDuration;
            message.DeliveryCount++;
            _locks[token] = message;
            deliveries.Add((consumer, MessageDelivery.Of(message)));
        }

        if (DeadLetter is { _pendingPump: true })
        {
            DeadLetter._pendingPump = false;
            deliveries.AddRange(DeadLetter.PumpLocked(now));
        }

        return deliveries;
    }

    private IMessageConsumer? NextConsumerWithCredit()
    {
        for (var i = 0; i < _consumers.Count; i++)
        {
            var consumer = _consumers[(_nextConsumer + i) % _consumers.Count];
            if (consumer.TryTakeCredit())
            {
                _nextConsumer = (_nextConsumer + i + 1) % _consumers.Count;
                return consumer;
            }
        }

        return null;
    }

    /// <summary>Sets the timer to the next instant something comes due.</summary>
    private void ArmTimerLocked(DateTimeOffset now)
    {
        var next = _nextExpiry;
        foreach (var m in _locks.Values)
        {
            next = m.LockedUntil < next ? m.LockedUntil : next;
        }

        foreach (var m in _scheduled.Values)
        {
            next = m.ScheduledEnqueueTime is { } due && due < next ? due : next;
        }

        var dueIn = next == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : Max(next - now, TimeSpan.Zero);
        if (dueIn != Timeout.InfiniteTimeSpan && dueIn > TimeSpan.FromDays(30))
        {
            dueIn = TimeSpan.FromDays(30);
        }

        _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
        if (DeadLetter is not null)
        {
            DeadLetter.ArmTimerLocked(now);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
