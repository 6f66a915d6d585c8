using System.Collections.Concurrent;

namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// The double's queues and their messages, by case-insensitive name. It outlives a listener: a double stopped and
/// started again with the same catalog (see <see cref="ServiceBusDoubleOptions.Catalog"/>) still has its queues,
/// messages and locks, as the service has after an outage. Thread-safe.
/// </summary>
public sealed class QueueCatalog : IQueueCatalog
{
    private readonly ConcurrentDictionary<string, BrokerQueue> _queues = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="time">The clock for lock expiry, scheduling, time to live and duplicate detection; <see cref="TimeProvider.System"/> when null.</param>
    public QueueCatalog(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
    }

    /// <summary>The catalog's clock.</summary>
    public TimeProvider Time { get; }

    /// <inheritdoc />
    public QueueSettings? Find(string name) => _queues.TryGetValue(name, out var q) ? q.Settings : null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The name is not a valid entity name, or a setting is out of the service's range.</exception>
    /// <exception cref="NotSupportedException">Sessions or partitioning were asked for (the double has neither).</exception>
    public bool TryCreate(string name, QueueSettings settings)
    {
        QueueSettingsRules.ValidateName(name);
        QueueSettingsRules.Validate(settings);
        if (_queues.ContainsKey(name))
        {
            return false;
        }

        var queue = new BrokerQueue(name, settings, Time);
        return _queues.TryAdd(name, queue);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A setting fixed at creation changed, or a setting is out of range.</exception>
    public bool TryUpdate(string name, QueueSettings settings)
    {
        QueueSettingsRules.Validate(settings);
        if (!_queues.TryGetValue(name, out var queue))
        {
            return false;
        }

        QueueSettingsRules.ValidateUpdate(queue.Settings, settings);
        queue.Settings = settings;
        return true;
    }

    /// <inheritdoc />
    public bool Delete(string name)
    {
        if (!_queues.TryRemove(name, out var queue))
        {
            return false;
        }

        queue.Delete();
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names =>
        _queues.Values.Select(q => q.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <inheritdoc />
    public QueueCounts? Counts(string name) => _queues.TryGetValue(name, out var q) ? q.Counts() : null;

    /// <summary>
    /// The entity an AMQP address names: a queue, or its dead-letter subqueue (<c>name/$deadletterqueue</c>, any case);
    /// null when there is no such queue.
    /// </summary>
    internal BrokerQueue? Resolve(string entityPath)
    {
        var path = entityPath.Trim('/');
        if (path.EndsWith(BrokerQueue.DeadLetterSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var parent = path[..^BrokerQueue.DeadLetterSuffix.Length];
            return _queues.TryGetValue(parent, out var q) ? q.DeadLetter : null;
        }

        return _queues.TryGetValue(path, out var queue) ? queue : null;
    }
}
