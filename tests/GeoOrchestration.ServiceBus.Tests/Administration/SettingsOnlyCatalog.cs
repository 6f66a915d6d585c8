using System.Collections.Concurrent;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>
/// A catalog of settings only, without the double's rules: it holds what a real namespace may have and the double
/// refuses to create (a session or partitioned queue), so the deployer's refusal of such a queue can be tested.
/// </summary>
internal sealed class SettingsOnlyCatalog : IQueueCatalog
{
    private readonly ConcurrentDictionary<string, QueueSettings> queues = new(StringComparer.OrdinalIgnoreCase);

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

    public QueueCounts? Counts(string name) => queues.ContainsKey(name) ? new QueueCounts(0, 0, 0) : null;
}
