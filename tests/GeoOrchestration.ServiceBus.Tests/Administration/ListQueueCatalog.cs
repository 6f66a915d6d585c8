using System.Collections.Concurrent;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>
/// A catalog of settings only, with counts the test sets: lets the administration server be tested on its own,
/// apart from the broker (whose counts come from real sends in the broker-backed tests).
/// </summary>
internal sealed class ListQueueCatalog : IQueueCatalog
{
    private readonly ConcurrentDictionary<string, QueueSettings> queues = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, QueueCounts> SetCounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public QueueSettings? Find(string name) => queues.TryGetValue(name, out var s) ? s : null;

    public bool TryCreate(string name, QueueSettings settings) => queues.TryAdd(name, settings);

    public bool TryUpdate(string name, QueueSettings settings)
    {
        while (queues.TryGetValue(name, out var current))
        {
            if (queues.TryUpdate(name, settings, current))
                return true;
        }
        return false;
    }

    public bool Delete(string name) => queues.TryRemove(name, out _);

    public IReadOnlyList<string> Names => queues.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();

    public QueueCounts? Counts(string name) =>
        queues.ContainsKey(name) ? SetCounts.GetValueOrDefault(name, new QueueCounts(0, 0, 0)) : null;
}
