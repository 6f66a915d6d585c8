using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// <c>geoorch bench raster</c>: raster_to_cog against the one-liner a user would write instead, on generated rasters
/// of two sizes (<see cref="RasterBench"/>). Needs GDAL's command-line tools (the one-liner and the fixtures use them)
/// and whatever raster_to_cog needs; never touches the configured store.
/// </summary>
public static class RasterBenchCommand
{
    public static Command Create(GlobalOptions options)
    {
        var smallCount = new Option<int>("--small-count") { Description = "Small rasters to make and convert (0: none).", DefaultValueFactory = _ => 200 }.AsWholeNumber();
        var smallSize = new Option<int>("--small-size") { Description = "Their width and height in pixels.", DefaultValueFactory = _ => 256 }.AsWholeNumber();
        var largeCount = new Option<int>("--large-count") { Description = "Large rasters to make and convert (0: none).", DefaultValueFactory = _ => 12 }.AsWholeNumber();
        var largeSize = new Option<int>("--large-size") { Description = "Their width and height in pixels.", DefaultValueFactory = _ => 2048 }.AsWholeNumber();
        var runs = new Option<int>("--runs") { Description = "Measured runs of the one-liner and of the job per size, interleaved; the figures are medians.", DefaultValueFactory = _ => 3 }.AsWholeNumber();
        var concurrency = new Option<string>("--concurrency")
        {
            Description = "Worker concurrencies at which raster_to_cog's files/s are measured afterwards, comma-separated (GDAL hosts stay capped by GEO_GDAL_HOSTS).",
            DefaultValueFactory = _ => "1,2,4",
        };
        var sweepRuns = new Option<int>("--sweep-runs") { Description = "Runs per concurrency and size in that measurement (0: skip it).", DefaultValueFactory = _ => 1 }.AsWholeNumber();
        var folder = new Option<string?>("--folder") { Description = "Where the benchmark makes its own folder (rasters, outputs, stores), removed afterwards. Default: the temporary folder." };
        var command = new Command("raster",
            "Measure raster_to_cog (embedded store of its own, in-process worker at concurrency = cores) against " +
            "`ls *.tif | xargs -P<cores> gdal_translate -of COG` with the same creation options, on generated rasters of two sizes.")
            { smallCount, smallSize, largeCount, largeSize, runs, concurrency, sweepRuns, folder };
        command.SetAction((parse, ct) => CliSession.RunOfflineAsync(parse, options, async session =>
        {
            var settings = new RasterBenchSettings
            {
                Sets = [new RasterSet("small", parse.GetValue(smallCount), parse.GetValue(smallSize)), new RasterSet("large", parse.GetValue(largeCount), parse.GetValue(largeSize))],
                Runs = parse.GetValue(runs),
                Cores = Environment.ProcessorCount,
                Concurrencies = ParseConcurrencies(parse.GetValue(concurrency)!),
                SweepRuns = parse.GetValue(sweepRuns),
                Folder = Path.GetFullPath(parse.GetValue(folder) ?? Path.GetTempPath()),
            };
            Validate(settings);
            var loadBefore = LoadAverage();
            var figures = await RasterBench.RunAsync(settings, session.Error, ct);
            var loadAfter = LoadAverage();
            if (session.Json) JsonOutput.Write(session.Out, ToJson(settings, figures, loadBefore, loadAfter));
            else Print(session.Out, settings, figures, loadBefore, loadAfter);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(TextWriter o, RasterBenchSettings s, IReadOnlyList<RasterSetFigures> figures, string loadBefore, string loadAfter)
    {
        var hosts = Environment.GetEnvironmentVariable("GEO_GDAL_HOSTS") ?? "(unset)";
        o.WriteLine($"bench raster: {string.Join(" and ", figures.Select(f => $"{f.Set.Count} x {f.Set.Label}"))} on {s.Cores} cores, median of {s.Runs} interleaved runs; load average {loadBefore} before, {loadAfter} after; GEO_GDAL_HOSTS={hosts}");
        o.WriteLine($"one-liner: {RasterBenchRuns.OneLiner("OUT", s.Cores)}");
        foreach (var f in figures)
            o.WriteLine(I($"{f.Set.Label} ({f.Set.Count} files): one-liner {f.OneLinerSeconds:0.00} s ({f.Set.Count / f.OneLinerSeconds:0.0} files/s), raster_to_cog {f.JobSeconds:0.00} s ({f.Set.Count / f.JobSeconds:0.0} files/s), job/one-liner {f.JobSeconds / f.OneLinerSeconds:0.00}"));
        foreach (var f in figures.Where(f => f.Sweep.Count > 0))
        {
            var rates = string.Join(", ", f.Sweep.Select(p => I($"{p.Key}: {f.Set.Count / RasterSetFigures.Median(p.Value.Select(r => r.Seconds)):0.0}")));
            o.WriteLine(I($"{f.Set.Label} raster_to_cog files/s by worker concurrency (median of {s.SweepRuns}): {rates}"));
        }
        foreach (var f in figures)
        {
            double outside = f.Job.Sum(r => r.TaskSeconds - r.GdalSeconds), total = f.Job.Sum(r => r.TaskSeconds);
            o.WriteLine(I($"{f.Set.Label} time outside GDAL: {f.TaskShareOutsideGdal:0.0%} of the convert tasks' time ({outside:0.00} s of {total:0.00} s over {f.Job.Count} runs); job wall time outside the convert stage {f.SecondsOutsideConvert:0.00} s of {f.JobSeconds:0.00} s ({f.SecondsOutsideConvert / f.JobSeconds:0.0%})"));
        }
        foreach (var f in figures)
            o.WriteLine(I($"{f.Set.Label} peak RSS while raster_to_cog ran: {f.PeakTreeMb:0} MB with child processes ({f.ChildrenAtPeak} at the peak)"));
        o.WriteLine(I($"peak RSS of this process: {ProcessTreeMemory.ProcessPeakMb():0} MB"));
    }

    private static JsonObject ToJson(RasterBenchSettings s, IReadOnlyList<RasterSetFigures> figures, string loadBefore, string loadAfter) => new()
    {
        ["settings"] = new JsonObject
        {
            ["cores"] = s.Cores, ["runs"] = s.Runs, ["sweepRuns"] = s.SweepRuns,
            ["concurrencies"] = new JsonArray(s.Concurrencies.Select(c => (JsonNode)c).ToArray()),
            ["gdalHosts"] = Environment.GetEnvironmentVariable("GEO_GDAL_HOSTS"),
            ["oneLiner"] = RasterBenchRuns.OneLiner("OUT", s.Cores),
        },
        ["loadAverageBefore"] = loadBefore,
        ["loadAverageAfter"] = loadAfter,
        ["processPeakRssMb"] = ProcessTreeMemory.ProcessPeakMb(),
        ["sets"] = new JsonArray(figures.Select(f => (JsonNode)new JsonObject
        {
            ["files"] = f.Set.Count,
            ["size"] = f.Set.Size,
            ["oneLinerSeconds"] = f.OneLinerSeconds,
            ["jobSeconds"] = f.JobSeconds,
            ["jobOverOneLiner"] = f.JobSeconds / f.OneLinerSeconds,
            ["taskShareOutsideGdal"] = f.TaskShareOutsideGdal,
            ["secondsOutsideConvertStage"] = f.SecondsOutsideConvert,
            ["peakRssWithChildrenMb"] = f.PeakTreeMb,
            ["filesPerSecondByConcurrency"] = new JsonObject(f.Sweep.Select(p =>
                KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)(f.Set.Count / RasterSetFigures.Median(p.Value.Select(r => r.Seconds)))))),
            ["runs"] = new JsonArray(f.OneLiner.Zip(f.Job, (a, b) => (JsonNode)new JsonObject { ["oneLinerSeconds"] = a.Seconds, ["jobSeconds"] = b.Seconds }).ToArray()),
        }).ToArray()),
    };

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"1,2,4" as numbers; an unreadable list is refused in <see cref="Validate"/> (as an empty list).</summary>
    private static List<int> ParseConcurrencies(string text)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return [];
            values.Add(value);
        }
        return values;
    }

    private static void Validate(RasterBenchSettings s)
    {
        var errors = new List<ValidationError>();
        foreach (var set in s.Sets)
        {
            if (set.Count is < 0 or > 100_000) errors.Add(new($"{set.Name}-count", "range", $"'--{set.Name}-count' must be between 0 and 100000; got {set.Count}."));
            if (set.Size is < 16 or > 16_384) errors.Add(new($"{set.Name}-size", "range", $"'--{set.Name}-size' must be between 16 and 16384 pixels; got {set.Size}."));
        }
        if (s.Sets.All(set => set.Count == 0)) errors.Add(new("small-count", "required", "'--small-count' and '--large-count' are both 0: there is nothing to convert."));
        if (s.Runs is < 1 or > 20) errors.Add(new("runs", "range", $"'--runs' must be between 1 and 20; got {s.Runs}."));
        if (s.SweepRuns is < 0 or > 20) errors.Add(new("sweep-runs", "range", $"'--sweep-runs' must be between 0 and 20; got {s.SweepRuns}."));
        if (s.Concurrencies.Count == 0 || s.Concurrencies.Any(c => c is < Engine.WorkerDefaults.MinConcurrency or > Engine.WorkerDefaults.MaxConcurrency))
            errors.Add(new("concurrency", "range", $"'--concurrency' must be a comma-separated list of whole numbers between {Engine.WorkerDefaults.MinConcurrency} and {Engine.WorkerDefaults.MaxConcurrency} (e.g. 1,2,4)."));
        if (!Directory.Exists(s.Folder)) errors.Add(new("folder", "exists", $"'--folder' must be an existing folder; '{s.Folder}' is not."));
        if (errors.Count > 0) throw new GeoValidationException(errors);
    }

    /// <summary>The 1, 5 and 15 minute load averages; "unknown" without /proc.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
