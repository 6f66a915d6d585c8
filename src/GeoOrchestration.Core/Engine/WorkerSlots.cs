using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>
/// What a work item may ask of its worker's capacity: to reserve the free slots for a claim of its
/// own (see <see cref="SlotReservations"/>), and to take on the items it claimed.
/// </summary>
internal sealed record WorkerSlots(Func<SlotReservations.Reservation> Reserve, Action<IReadOnlyList<WorkItem>> Adopt);
