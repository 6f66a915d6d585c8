using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Facts;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Jobs.Raster.Footprints;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// Converts one raster to a Cloud-Optimized GeoTIFF: reads it (gdalinfo), reprojects it when asked
/// (gdalwarp, into a VRT), writes the COG under a temporary name (gdal_translate -of COG), checks
/// what GDAL wrote (<see cref="CogCheck"/>), renames it into place, and records its facts. A
/// crashed or retried attempt never leaves a half-written COG under the final name, and an attempt
/// that finds the complete COG of an earlier one (same <see cref="CogOptions.Fingerprint"/>) keeps it.
/// </summary>
[TaskHandler(RasterTaskTypes.Convert)]
public sealed class ConvertHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var runner = GdalRunner.Default;
        var clock = new GdalClock();
        var options = CogOptions.From(context.Input);
        var output = options.Output;

        context.ReportProgress(0, $"reading {options.Source}");
        var source = new FileInfo(options.Source);
        var sourceInfo = await ReadAsync(runner, clock, options.Source, cancellationToken);
        var fingerprint = options.Fingerprint(source);

        var info = await ExistingAsync(runner, clock, options, fingerprint, cancellationToken);
        var reused = info is not null;
        if (info is null)
        {
            context.ReportProgress(10, $"converting {options.Source}");
            info = await ConvertAsync(runner, clock, options, sourceInfo, fingerprint, context.Attempt, cancellationToken);
        }

        context.ReportProgress(90, $"checking {output}");
        var sha256 = await FileHashes.Sha256Async(output, cancellationToken);
        var placement = await FootprintReader.ReadAsync(runner, output, info, clock, cancellationToken);
        return new RasterObservation
        {
            Source = source.FullName,
            SourceBytes = source.Length,
            Asset = output,
            AssetBytes = new FileInfo(output).Length,
            Sha256 = sha256,
            ItemPath = options.ItemPath,
            ItemId = options.ItemId,
            Info = info,
            Placement = placement,
            ProcessedAt = DateTimeOffset.UtcNow,
            Elapsed = watch.Elapsed,
            Gdal = clock,
            Reused = reused,
        }.ToFacts().ToJson();
    }

    /// <summary>
    /// The output already in place, when it is this conversion's complete, valid COG (an earlier
    /// attempt got as far as the rename); null when there is none to keep. Anything else at the
    /// output path is replaced only with <c>overwrite</c>.
    /// </summary>
    private static async Task<GdalInfo?> ExistingAsync(GdalRunner runner, GdalClock clock, CogOptions options, string fingerprint,
        CancellationToken cancellationToken)
    {
        var output = options.Output;
        if (!File.Exists(output)) return null;
        GdalInfo? existing;
        try
        {
            existing = await ReadAsync(runner, clock, output, cancellationToken);
        }
        catch (GdalPermanentException)
        {
            existing = null; // not a raster GDAL can read: not ours to keep
        }
        if (existing is not null && existing.Metadata.TryGetValue(CogOptions.FingerprintKey, out var stamped)
            && stamped == fingerprint && CogCheck.Problems(existing, options.Blocksize).Count == 0)
            return existing;
        if (!options.Overwrite)
            throw new PermanentTaskException(
                $"'{output}' exists and is not the COG this job makes from '{options.Source}' with these options; pass overwrite=true to replace it.");
        return null;
    }

    private static async Task<GdalInfo> ConvertAsync(GdalRunner runner, GdalClock clock, CogOptions options, GdalInfo sourceInfo,
        string fingerprint, int attempt, CancellationToken cancellationToken)
    {
        var output = options.Output;
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        CogPaths.RemoveStale(output);
        var temporary = CogPaths.Temporary(output, attempt);
        var warped = temporary + ".warp.vrt";
        try
        {
            var input = options.Source;
            if (options.TargetCrs is { } crs)
            {
                // A VRT holds the warp without computing it: the pixels are warped once, while the COG is written.
                await clock.RunAsync(runner, GdalTools.Warp,
                    ["-q", "-of", "VRT", "-t_srs", crs, "-r", WarpResampling(options.Resampling), options.Source, warped],
                    options.Source, cancellationToken);
                input = warped;
            }
            await clock.RunAsync(runner, GdalTools.Translate,
                ["-q", "-of", "COG", .. options.CreationOptions(), "-mo", $"{CogOptions.FingerprintKey}={fingerprint}", input, temporary],
                options.Source, cancellationToken);
            var info = await ReadAsync(runner, clock, temporary, cancellationToken);
            var problems = CogCheck.Problems(info, options.Blocksize);
            if (problems.Count > 0)
                throw new PermanentTaskException($"GDAL converted '{options.Source}' ({sourceInfo.Width}x{sourceInfo.Height} {sourceInfo.Driver}), " +
                    $"but the result is not a valid COG: {string.Join("; ", problems)}.");
            File.Move(temporary, output, overwrite: true);
            return info;
        }
        finally
        {
            // However the attempt ends (renamed into place, failed, cancelled, handed back, timed
            // out: a stop kills GDAL before this runs), nothing of it stays under a temporary name:
            // neither ours nor what GDAL wrote beside it (overviews in .ovr.tmp, a raster attribute
            // table in .aux.xml, which the COG does not carry).
            TemporaryFiles.RemoveWithSidecars(temporary);
        }
    }

    private static async Task<GdalInfo> ReadAsync(GdalRunner runner, GdalClock clock, string path, CancellationToken cancellationToken)
    {
        var run = await clock.RunAsync(runner, GdalTools.Info, ["-json", "-mdd", "IMAGERY", path], path, cancellationToken);
        return GdalInfoReader.Parse(run.StandardOutput, path);
    }

    /// <summary>gdalwarp's name for a resampling method (its nearest neighbour is "near").</summary>
    private static string WarpResampling(string method) => method == "NEAREST" ? "near" : method.ToLowerInvariant();
}
