namespace GeoOrchestration.Cli.Bench;

/// <summary>What one <c>geoorch bench raster</c> measures; printed with the figures so they can be reproduced.</summary>
public sealed record RasterBenchSettings
{
    /// <summary>The two sets of rasters: how many, and their width and height in pixels.</summary>
    public required IReadOnlyList<RasterSet> Sets { get; init; }

    /// <summary>Measured runs of the one-liner and of the job per set, interleaved; figures are their medians.</summary>
    public required int Runs { get; init; }

    /// <summary>Worker concurrency of the job beside the one-liner, and the one-liner's <c>xargs -P</c>: the machine's cores.</summary>
    public required int Cores { get; init; }

    /// <summary>The worker concurrencies whose files/s are measured afterwards (default 1, 2, 4).</summary>
    public required IReadOnlyList<int> Concurrencies { get; init; }

    /// <summary>Runs per concurrency and set in that sweep (default 1: it is long at concurrency 1).</summary>
    public required int SweepRuns { get; init; }

    /// <summary>The folder the benchmark's own folder (rasters, outputs, stores) is made in and removed from.</summary>
    public required string Folder { get; init; }
}

/// <summary><paramref name="Count"/> generated rasters of <paramref name="Size"/> x <paramref name="Size"/> pixels; <paramref name="Name"/>: small or large.</summary>
public sealed record RasterSet(string Name, int Count, int Size)
{
    public string Label => $"{Size}x{Size}";
}
