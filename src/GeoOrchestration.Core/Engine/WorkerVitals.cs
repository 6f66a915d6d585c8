namespace GeoOrchestration.Engine;

/// <summary>
/// A worker's signs of life at one moment (<see cref="Worker.Vitals"/>), for a health probe: the
/// heartbeat file of <c>geoorch worker --health-file</c> and <c>Start-GeoWorker -HealthFile</c> is written from it.
/// </summary>
/// <param name="Started">When the worker began running (UTC); null before <see cref="Worker.RunAsync(CancellationToken)"/>.</param>
/// <param name="Heartbeat">
/// The last time the worker's own loops turned (UTC): the older of its claim loop's last turn and its
/// maintenance's (lease renewal, progress, janitor), so either one stuck makes it age; once the worker
/// stops, its maintenance's alone. Only the loops move it: a wedged worker's heartbeat ages while the process lives.
/// </param>
/// <param name="Stopping">The worker was asked to stop: it claims nothing more and finishes or hands back what it holds.</param>
/// <param name="Running">Work items held now (running or waiting for a slot).</param>
/// <param name="Executed">Work items carried out since it started, whatever their outcome.</param>
/// <param name="LastStoreCallSucceeded">Whether the worker's last call to its store (or transport) succeeded; null before its first.</param>
/// <param name="LastStoreError">The first line of that call's error when it failed, else null.</param>
/// <param name="TurnInterval">
/// The longest the heartbeat goes unmoved while all is well: the poll interval, or the shortest maintenance
/// period when that is longer. A store call that hangs until its timeout comes on top of it.
/// </param>
public sealed record WorkerVitals(
    DateTimeOffset? Started,
    DateTimeOffset? Heartbeat,
    bool Stopping,
    int Running,
    long Executed,
    bool? LastStoreCallSucceeded,
    string? LastStoreError,
    TimeSpan TurnInterval);
