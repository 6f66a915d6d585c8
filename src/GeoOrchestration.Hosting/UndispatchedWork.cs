using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Hosting;

/// <summary>
/// What both front ends say about a job's work that waits undispatched under the Service Bus
/// transport (<c>geoorch job get</c>, <c>Get-GeoJob</c>): the same threshold and the same words.
/// </summary>
public static class UndispatchedWork
{
    /// <summary>
    /// How long undispatched work may wait before a front end warns. The committing worker sends at
    /// once and the janitor's sweeper re-sends after a few seconds, so work older than this did not
    /// reach Service Bus on either path.
    /// </summary>
    public static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);

    /// <summary>Whether the backlog has waited long enough to warn about.</summary>
    public static bool WaitsLong(OutboxBacklog backlog) => backlog is { Undispatched: > 0, OldestReadyFor: { } age } && age >= LongWait;

    /// <summary>One line about the backlog: <c>3 attempt(s) undispatched, the oldest for 2 min: is Service Bus unreachable?</c>; empty when nothing waits.</summary>
    public static string Describe(OutboxBacklog backlog)
    {
        if (backlog.Undispatched == 0) return "";
        var age = backlog.OldestReadyFor is { } a ? $", the oldest for {DurationText.Format(TimeSpan.FromSeconds(Math.Round(a.TotalSeconds)))}" : "";
        var hint = WaitsLong(backlog)
            ? ": Service Bus unreachable? Workers fall back to claiming from the database meanwhile, and the sweeper sends it once Service Bus answers"
            : "";
        return $"{backlog.Undispatched} attempt(s) undispatched{age}{hint}";
    }
}
