namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// Adds up how long a task spent inside GDAL (tool processes, or round trips to a GDAL host), so a
/// result can tell the engine's share of its time from GDAL's, and counts the GDAL host processes it
/// started. Not thread-safe: one per task.
/// </summary>
public sealed class GdalClock
{
    public TimeSpan Elapsed { get; private set; }

    public int Runs { get; private set; }

    /// <summary>
    /// GDAL host processes started for the task: 0 when it reused an idle host, 1 when its lease
    /// started one, more when a host died during a call and the next call started another.
    /// </summary>
    public int HostStarts { get; private set; }

    /// <summary>Counts one GDAL host process started for the task.</summary>
    public void AddHostStart() => HostStarts++;

    public void Add(GdalRunResult run) => Add(run.Elapsed);

    /// <summary>Counts one GDAL run or request that took <paramref name="elapsed"/>.</summary>
    public void Add(TimeSpan elapsed)
    {
        Elapsed += elapsed;
        Runs++;
    }

    /// <summary>Runs a tool through <paramref name="runner"/> and counts its time.</summary>
    public async Task<GdalRunResult> RunAsync(GdalRunner runner, string tool, IEnumerable<string> arguments, string subject,
        CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(tool, arguments, subject, cancellationToken);
        Add(run);
        return run;
    }
}
