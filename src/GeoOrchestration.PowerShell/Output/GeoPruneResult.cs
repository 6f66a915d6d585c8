using GeoOrchestration.Engine;

namespace GeoOrchestration.PowerShell;

/// <summary>What <c>Remove-GeoJob -OlderThan/-Status -PassThru</c> removed.</summary>
/// <remarks>
/// A copy of the engine's <see cref="PruneReport"/>, not the report itself: the engine loads in the module's
/// own AssemblyLoadContext (<see cref="Loading.DependencyLoadContext"/>), where PowerShell cannot name its
/// types (<c>[GeoOrchestration.Engine.PruneReport]</c> does not resolve), so every output is a type of this
/// assembly, in the default context, as the other outputs are.
/// </remarks>
public sealed class GeoPruneResult
{
    /// <summary>Jobs removed, each with its stages, tasks, events and work items.</summary>
    public int Jobs { get; init; }
    /// <summary>Task rows deleted.</summary>
    public long Tasks { get; init; }
    /// <summary>Event rows deleted.</summary>
    public long Events { get; init; }
    /// <summary>Transactions the removal took (a few thousand rows each).</summary>
    public int Batches { get; init; }
    /// <summary>How long the removal took, pauses between batches included.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>The longest single batch (how long it held SQLite's write lock at most).</summary>
    public TimeSpan LongestBatch { get; init; }
    /// <summary>Matching jobs passed over because a handler still runs one of their tasks (a later removal takes them).</summary>
    public int SkippedStillRunning { get; init; }

    internal static GeoPruneResult From(PruneReport report) => new()
    {
        Jobs = report.Jobs,
        Tasks = report.Tasks,
        Events = report.Events,
        Batches = report.Batches,
        Elapsed = report.Elapsed,
        LongestBatch = report.LongestBatch,
        SkippedStillRunning = report.JobsSkipped,
    };

    public override string ToString() => $"{Jobs} job(s), {Tasks} task(s) removed";
}
