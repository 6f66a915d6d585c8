namespace GeoOrchestration.Jobs.Gdal;

/// <summary>A GDAL tool's run that exited with code 0: its output, its diagnostics and how long it took.</summary>
/// <param name="Messages">The ERROR and Warning lines of stderr (a successful run may still print some).</param>
public sealed record GdalRunResult(string Tool, string StandardOutput, string StandardError,
    IReadOnlyList<GdalMessage> Messages, TimeSpan Elapsed);
