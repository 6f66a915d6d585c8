using System.Diagnostics;

namespace GeoOrchestration.Cli.Bench;

/// <summary>The figures of one set of rasters.</summary>
/// <param name="OneLiner">The one-liner's measured runs.</param>
/// <param name="Job">raster_to_cog's measured runs at concurrency = cores.</param>
/// <param name="PeakTreeMb">Peak memory of this process with its child processes during those job runs (<see cref="ProcessTreeMemory"/>).</param>
/// <param name="ChildrenAtPeak">How many child processes were alive at that peak.</param>
/// <param name="Sweep">raster_to_cog's runs per worker concurrency.</param>
public sealed record RasterSetFigures(RasterSet Set, List<RasterBenchRun> OneLiner, List<RasterBenchRun> Job, double PeakTreeMb, int ChildrenAtPeak,
    SortedDictionary<int, List<RasterBenchRun>> Sweep)
{
    public double OneLinerSeconds => Median(OneLiner.Select(r => r.Seconds));
    public double JobSeconds => Median(Job.Select(r => r.Seconds));
    /// <summary>Of the convert tasks' summed time, over every measured run, the share outside GDAL.</summary>
    public double TaskShareOutsideGdal => Job.Sum(r => r.TaskSeconds) is > 0 and var total ? (total - Job.Sum(r => r.GdalSeconds)) / total : double.NaN;
    /// <summary>The median, over the measured runs, of the job's wall time outside its convert stage.</summary>
    public double SecondsOutsideConvert => Median(Job.Select(r => r.Seconds - r.ConvertStageSeconds));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>
/// <c>geoorch bench raster</c>: makes the rasters, warms the worker up on a few of them (not counted), then per run
/// and per set converts the set with the one-liner and with raster_to_cog at concurrency = cores, alternating which
/// goes first from run to run, so both see the same machine over the same minutes; then raster_to_cog's files/s per
/// worker concurrency. Everything lives in a folder of its own, removed at the end.
/// </summary>
internal static class RasterBench
{
    public static async Task<IReadOnlyList<RasterSetFigures>> RunAsync(RasterBenchSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var root = Path.Combine(settings.Folder, $"geoorch-bench-raster-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(root);
        try
        {
            var sets = settings.Sets.Where(s => s.Count > 0).ToList();
            var watch = Stopwatch.StartNew();
            foreach (var set in sets)
                await RasterBenchInputs.MakeAsync(set, Input(root, set), settings.Cores, cancellationToken);
            log.WriteLine($"bench raster: made {string.Join(" and ", sets.Select(s => $"{s.Count} rasters of {s.Label}"))} in {root} ({watch.Elapsed.TotalSeconds:0.0} s)");

            await WarmUpAsync(root, sets[0], settings.Cores, log, cancellationToken);
            var figures = sets.Select(s => new RasterSetFigures(s, [], [], 0, 0, [])).ToList();
            for (var run = 1; run <= settings.Runs; run++)
            {
                for (var i = 0; i < figures.Count; i++)
                {
                    var set = figures[i].Set;
                    // Alternating the order, so neither always runs on the page cache or the heat the other left.
                    foreach (var jobFirst in run % 2 == 0 ? new[] { true, false } : [false, true])
                    {
                        var output = Path.Combine(root, "out", $"{set.Name}-{(jobFirst ? "job" : "oneliner")}-{run}");
                        if (jobFirst)
                        {
                            var memory = ProcessTreeMemory.Start();
                            RasterBenchRun job;
                            try
                            {
                                job = await RasterBenchRuns.JobAsync(Input(root, set), output, set.Count, settings.Cores, root, cancellationToken);
                            }
                            finally
                            {
                                await memory.DisposeAsync();
                            }
                            figures[i].Job.Add(job);
                            if (memory.PeakMb > figures[i].PeakTreeMb) figures[i] = figures[i] with { PeakTreeMb = memory.PeakMb, ChildrenAtPeak = memory.ChildrenAtPeak };
                            log.WriteLine($"bench raster: run {run}/{settings.Runs} {set.Label} raster_to_cog {job.Seconds:0.00} s ({set.Count / job.Seconds:0.0} files/s)");
                        }
                        else
                        {
                            var oneLiner = await RasterBenchRuns.OneLinerAsync(Input(root, set), output, set.Count, settings.Cores, cancellationToken);
                            figures[i].OneLiner.Add(oneLiner);
                            log.WriteLine($"bench raster: run {run}/{settings.Runs} {set.Label} one-liner {oneLiner.Seconds:0.00} s ({set.Count / oneLiner.Seconds:0.0} files/s)");
                        }
                        Directory.Delete(output, recursive: true);
                    }
                }
            }

            for (var run = 1; run <= settings.SweepRuns; run++)
                foreach (var concurrency in settings.Concurrencies)
                    foreach (var figure in figures)
                    {
                        var output = Path.Combine(root, "out", $"{figure.Set.Name}-c{concurrency}-{run}");
                        var job = await RasterBenchRuns.JobAsync(Input(root, figure.Set), output, figure.Set.Count, concurrency, root, cancellationToken);
                        Directory.Delete(output, recursive: true);
                        (figure.Sweep.TryGetValue(concurrency, out var runs) ? runs : figure.Sweep[concurrency] = []).Add(job);
                        log.WriteLine($"bench raster: sweep {run}/{settings.SweepRuns} {figure.Set.Label} concurrency {concurrency}: {job.Seconds:0.00} s ({figure.Set.Count / job.Seconds:0.0} files/s)");
                    }
            return figures;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// One small job, not counted, so the measured runs see a worker that runs warm (the JIT compiler done, GDAL
    /// loaded wherever it is kept), as a long-running worker would; and one one-liner, for the page cache.
    /// </summary>
    private static async Task WarmUpAsync(string root, RasterSet set, int cores, TextWriter log, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, "warm-up");
        Directory.CreateDirectory(folder);
        var files = Directory.GetFiles(Input(root, set), "*.tif").Order(StringComparer.Ordinal).Take(Math.Max(cores, 2)).ToList();
        foreach (var file in files) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var job = await RasterBenchRuns.JobAsync(folder, Path.Combine(root, "out", "warm-up-job"), files.Count, cores, root, cancellationToken);
        var oneLiner = await RasterBenchRuns.OneLinerAsync(folder, Path.Combine(root, "out", "warm-up-oneliner"), files.Count, cores, cancellationToken);
        log.WriteLine($"bench raster: warm-up on {files.Count} files (not counted): raster_to_cog {job.Seconds:0.00} s, one-liner {oneLiner.Seconds:0.00} s");
    }

    private static string Input(string root, RasterSet set) => Path.Combine(root, "in", set.Name);
}
