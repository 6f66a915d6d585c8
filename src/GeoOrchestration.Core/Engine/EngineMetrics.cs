using System.Diagnostics.Metrics;

namespace GeoOrchestration.Engine;

/// <summary>
/// The engine's instruments, under the meter "GeoOrchestration": what
/// <c>dotnet-counters monitor --counters GeoOrchestration</c> and OpenTelemetry exporters read.
/// Every measurement carries the worker id (<see cref="WorkerTag"/>), so a process that hosts
/// several workers, or a test, can tell them apart. While no one listens, recording is a no-op.
/// </summary>
public static class EngineMetrics
{
    /// <summary>The meter's name, as <c>dotnet-counters</c> and OpenTelemetry subscribe to it.</summary>
    public const string MeterName = "GeoOrchestration";

    /// <summary>The tag naming the worker that recorded a measurement.</summary>
    public const string WorkerTag = "geo.worker";

    /// <summary>The tag on task durations and failures naming the task type.</summary>
    public const string TaskTypeTag = "geo.task_type";

    /// <summary>The tag on failures: "transient" (retried if attempts remain) or "permanent".</summary>
    public const string FailureTag = "geo.failure";

    private static readonly Meter Meter = new(MeterName, typeof(EngineMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> ItemsClaimed = Meter.CreateCounter<long>(
        "geo.work.claimed", "{item}", "Work items (tasks, stage plans, finalizes) taken under a lease.");

    internal static readonly Histogram<int> ClaimBatch = Meter.CreateHistogram<int>(
        "geo.work.claim_batch", "{item}", "Items one claim handed over (a claim round trip, or a plan transaction).");

    internal static readonly Counter<long> TasksCompleted = Meter.CreateCounter<long>(
        "geo.tasks.completed", "{task}", "Task results committed by this worker.");

    internal static readonly Counter<long> TasksFailed = Meter.CreateCounter<long>(
        "geo.tasks.failed", "{task}", "Task attempts whose handler failed.");

    internal static readonly Histogram<int> CompletionBatch = Meter.CreateHistogram<int>(
        "geo.tasks.completion_batch", "{task}", "Results one completion transaction carried.");

    internal static readonly Histogram<double> CompletionCommit = Meter.CreateHistogram<double>(
        "geo.tasks.completion_commit", "ms", "Time one completion transaction took, round trip and commit.");

    internal static readonly Histogram<double> TaskDuration = Meter.CreateHistogram<double>(
        "geo.tasks.duration", "ms", "Time a task handler ran, whatever its outcome.");

    internal static KeyValuePair<string, object?> Worker(string workerId) => new(WorkerTag, workerId);
}
