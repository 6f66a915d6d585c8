using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>What a work item may ask of its worker's capacity: how much is free, and to take on items it claimed.</summary>
internal sealed record WorkerSlots(Func<int> Free, Action<IReadOnlyList<WorkItem>> Adopt);
