namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// Adds up how long a task spent inside GDAL (tool processes, or round trips to a GDAL host), so a
/// result can tell the engine's share of its time from GDAL's. Not thread-safe: one per task.
/// </summary>
public sealed class GdalClock
{
    public TimeSpan Elapsed { get; private set; }

    public int Runs { get; private set; }

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
