using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational;

/// <summary>The status name a store writes for a janitor's <see cref="LeaseRescue.Outcome"/>, checked the same way by every store.</summary>
public static class RescueStatus
{
    /// <summary>The stored name of a rescue's outcome: <c>queued</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    /// <exception cref="ArgumentException">Any other status: an expired attempt ends in one of those three.</exception>
    public static string Name(TaskRecordStatus outcome) => outcome is TaskRecordStatus.Queued or TaskRecordStatus.Failed or TaskRecordStatus.Cancelled
        ? StatusNames.ToName(outcome)
        : throw new ArgumentException($"An expired attempt's task is queued, failed or cancelled, not {StatusNames.ToName(outcome)}.", nameof(outcome));
}
