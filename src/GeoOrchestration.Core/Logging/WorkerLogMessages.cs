using GeoOrchestration.Engine;
using GeoOrchestration.Model;

namespace GeoOrchestration.Logging;

/// <summary>
/// The worker's own events in the words both front ends log them with (<c>geoorch worker</c> and
/// <c>Start-GeoWorker</c>), so their logs read the same; <see cref="LogLineFormat"/> adds the time
/// and level. The engine logs the events in between (job ended, tasks handed back, failures).
/// </summary>
public static class WorkerLogMessages
{
    /// <summary>Logger category of these lines.</summary>
    public const string Category = "GeoOrchestration.Worker";

    /// <summary>The line a worker logs when it starts: its id, store, how it hears of work, its heartbeat file, shutdown grace and concurrency.</summary>
    /// <param name="worker">The worker.</param>
    /// <param name="store">The store as people read it (<c>GeoConnection.ToString()</c>: never a password).</param>
    /// <param name="healthFile">The heartbeat file it writes (a full path), or null for none.</param>
    /// <returns>The message, without time and level.</returns>
    public static string Started(Worker worker, string store, string? healthFile = null) =>
        $"Worker {worker.WorkerId} started: store {store}; transport {worker.Transport}; " +
        (healthFile is null ? "" : $"health file {healthFile}; ") +
        $"shutdown grace {DurationText.Format(worker.Options.ShutdownGrace)}; concurrency {worker.Options.Concurrency}";

    /// <summary>The line a worker logs when asked to stop: why, and how long running tasks get to finish.</summary>
    /// <param name="worker">The worker.</param>
    /// <param name="why">What asked it to stop: <c>SIGTERM</c>, <c>Ctrl+C</c>, <c>SIGINT</c>.</param>
    /// <returns>The message, without time and level.</returns>
    public static string StopRequested(Worker worker, string why) =>
        $"Worker {worker.WorkerId} stop requested ({why}): no new work; running tasks get {DurationText.Format(worker.Options.ShutdownGrace)} to finish, the rest are handed back";

    /// <summary>The line a worker logs when it has stopped, with how many work items it carried out.</summary>
    /// <param name="worker">The worker.</param>
    /// <returns>The message, without time and level.</returns>
    public static string Stopped(Worker worker) =>
        $"Worker {worker.WorkerId} stopped after {worker.Executed} work item(s)";
}
