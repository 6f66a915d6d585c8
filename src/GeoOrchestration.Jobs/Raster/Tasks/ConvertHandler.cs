using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Facts;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Jobs.Raster.Footprints;
using GeoOrchestration.Jobs.Raster.Reading;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// Converts one raster to a Cloud-Optimized GeoTIFF: reads it (gdalinfo; a blob from a local copy,
/// <see cref="RasterReader"/>), reprojects it when asked (gdalwarp, into a VRT), writes the COG under
/// a temporary name (gdal_translate -of COG), checks what GDAL wrote (<see cref="CogCheck"/>), puts it
/// in place (a rename, or a committed block upload: <see cref="CogTarget"/>), and records its facts. A
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

        context.ReportProgress(0, $"reading {options.Source}");
        await using var source = await RasterReader.OpenAsync(options.Source, context, cancellationToken);
        var sourceInfo = await ReadAsync(runner, clock, source.Path, cancellationToken, source.Source);
        var fingerprint = options.Fingerprint(source);

        await using var target = CogTargets.For(options, context);
        var (local, info) = await ExistingAsync(runner, clock, options, target, fingerprint, cancellationToken);
        var reused = info is not null;
        if (local is null || info is null)
        {
            context.ReportProgress(10, $"converting {options.Source}");
            (local, info) = await ConvertAsync(runner, clock, options, target, source.Path, sourceInfo, fingerprint, context.Attempt, cancellationToken);
        }

        context.ReportProgress(90, $"checking {target.Asset}");
        var sha256 = await FileHashes.Sha256Async(local, cancellationToken);
        var placement = await FootprintReader.ReadAsync(runner, local, info, clock, cancellationToken);
        return new RasterObservation
        {
            Source = source.Source,
            SourceBytes = source.Bytes,
            Asset = target.Asset,
            AssetBytes = new FileInfo(local).Length,
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
    /// attempt got as far as the rename or the commit): a local file with its bytes and its facts;
    /// (null, null) when there is none to keep. Anything else under the output name is replaced
    /// only with <c>overwrite</c>.
    /// </summary>
    private static async Task<(string? Local, GdalInfo? Info)> ExistingAsync(GdalRunner runner, GdalClock clock, CogOptions options,
        CogTarget target, string fingerprint, CancellationToken cancellationToken)
    {
        var existing = await target.FindAsync(fingerprint, cancellationToken);
        if (existing is null) return (null, null);
        if (existing.LocalPath is { } local)
        {
            GdalInfo? info;
            try
            {
                info = await ReadAsync(runner, clock, local, cancellationToken);
            }
            catch (GdalPermanentException)
            {
                info = null; // not a raster GDAL can read: not ours to keep
            }
            if (info is not null && info.Metadata.TryGetValue(CogOptions.FingerprintKey, out var stamped)
                && stamped == fingerprint && CogCheck.Problems(info, options.Blocksize).Count == 0)
                return (local, info);
        }
        if (!options.Overwrite)
            throw new PermanentTaskException(
                $"'{target.Asset}' exists and is not the COG this job makes from '{options.Source}' with these options; pass overwrite=true to replace it.");
        return (null, null);
    }

    private static async Task<(string Local, GdalInfo Info)> ConvertAsync(GdalRunner runner, GdalClock clock, CogOptions options, CogTarget target,
        string sourcePath, GdalInfo sourceInfo, string fingerprint, int attempt, CancellationToken cancellationToken)
    {
        var temporary = target.Temporary(attempt);
        var warped = temporary + ".warp.vrt";
        var committed = "";
        try
        {
            var input = sourcePath;
            if (options.TargetCrs is { } crs)
            {
                // A VRT holds the warp without computing it: the pixels are warped once, while the COG is written.
                await clock.RunAsync(runner, GdalTools.Warp,
                    ["-q", "-of", "VRT", "-t_srs", crs, "-r", WarpResampling(options.Resampling), sourcePath, warped],
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
            committed = await target.CommitAsync(temporary, fingerprint, attempt, cancellationToken);
            return (committed, info);
        }
        finally
        {
            // However the attempt ends (renamed into place, failed, cancelled, handed back, timed
            // out: a stop kills GDAL before this runs), nothing of it stays under a temporary name:
            // neither ours nor what GDAL wrote beside it (overviews in .ovr.tmp, a raster attribute
            // table in .aux.xml, which the COG does not carry). A target that committed by upload
            // still reads the temporary file and removes it when disposed.
            if (committed != temporary) TemporaryFiles.RemoveWithSidecars(temporary);
        }
    }

    /// <summary>gdalinfo of the local file <paramref name="path"/>; failures name <paramref name="name"/> (a blob's URL for its local copy).</summary>
    private static async Task<GdalInfo> ReadAsync(GdalRunner runner, GdalClock clock, string path, CancellationToken cancellationToken, string? name = null)
    {
        var run = await clock.RunAsync(runner, GdalTools.Info, ["-json", "-mdd", "IMAGERY", path], name ?? path, cancellationToken);
        return GdalInfoReader.Parse(run.StandardOutput, name ?? path);
    }

    /// <summary>gdalwarp's name for a resampling method (its nearest neighbour is "near").</summary>
    private static string WarpResampling(string method) => method == "NEAREST" ? "near" : method.ToLowerInvariant();
}
