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
/// Converts one raster to a Cloud-Optimized GeoTIFF, each step once and all in one GDAL host session
/// (<see cref="GdalHostPool"/>: no process start per step): reads the source's facts (GDALInfo; a
/// blob from a local copy, <see cref="RasterReader"/>), reprojects it when asked (GDALWarp, into a
/// VRT), writes the COG under a temporary name (GDALTranslate -of COG), checks what GDAL wrote from
/// its header (<see cref="CogCheck"/>), hashes it while its bytes are in the page cache, puts it in
/// place (a rename, or a committed block upload: <see cref="CogTarget"/>), and computes its footprint.
/// A crashed or retried attempt never leaves a half-written COG under the final name, and an attempt
/// that finds the complete COG of an earlier one (same <see cref="CogOptions.Fingerprint"/>) keeps it.
/// </summary>
[TaskHandler(RasterTaskTypes.Convert)]
public sealed class ConvertHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var options = CogOptions.From(context.Input);

        context.ReportProgress(0, $"reading {options.Source}");
        await using var source = await RasterReader.OpenAsync(options.Source, context, cancellationToken);
        await using var gdal = await GdalHostPool.Shared.OpenAsync(cancellationToken);
        var sourceInfo = await gdal.InfoAsync(source.Path, source.Source, cancellationToken);
        var fingerprint = options.Fingerprint(source);

        await using var target = CogTargets.For(options, context);
        var written = await ExistingAsync(gdal, options, target, fingerprint, cancellationToken);
        var reused = written is not null;
        if (written is null)
        {
            context.ReportProgress(10, $"converting {options.Source}");
            written = await ConvertAsync(gdal, options, target, source.Path, sourceInfo, fingerprint, context.Attempt, cancellationToken);
        }

        context.ReportProgress(90, $"placing {target.Asset}");
        var placement = await FootprintReader.ReadAsync(gdal, written.Local, written.Info, target.Asset, cancellationToken);
        return new RasterObservation
        {
            Source = source.Source,
            SourceBytes = source.Bytes,
            Asset = target.Asset,
            AssetBytes = new FileInfo(written.Local).Length,
            Sha256 = written.Sha256,
            ItemPath = options.ItemPath,
            ItemId = options.ItemId,
            Info = written.Info,
            Placement = placement,
            ProcessedAt = DateTimeOffset.UtcNow,
            Elapsed = watch.Elapsed,
            Gdal = gdal.Clock,
            Reused = reused,
        }.ToFacts().ToJson();
    }

    /// <summary>A COG in place on this machine: where it is, GDAL's facts of it, its SHA-256.</summary>
    private sealed record WrittenCog(string Local, GdalInfo Info, string Sha256);

    /// <summary>
    /// The output already in place, when it is this conversion's complete, valid COG (an earlier
    /// attempt got as far as the rename or the commit); null when there is none to keep. Anything
    /// else under the output name is replaced only with <c>overwrite</c>.
    /// </summary>
    private static async Task<WrittenCog?> ExistingAsync(GdalSession gdal, CogOptions options,
        CogTarget target, string fingerprint, CancellationToken cancellationToken)
    {
        var existing = await target.FindAsync(fingerprint, cancellationToken);
        if (existing is null) return null;
        if (existing.LocalPath is { } local)
        {
            GdalInfo? info;
            try
            {
                info = await gdal.InfoAsync(local, local, cancellationToken);
            }
            catch (GdalPermanentException)
            {
                info = null; // not a raster GDAL can read: not ours to keep
            }
            if (info is not null && info.Metadata.TryGetValue(CogOptions.FingerprintKey, out var stamped)
                && stamped == fingerprint && CogCheck.Problems(info, options.Blocksize).Count == 0)
                return new WrittenCog(local, info, await FileHashes.Sha256Async(local, cancellationToken));
        }
        if (!options.Overwrite)
            throw new PermanentTaskException(
                $"'{target.Asset}' exists and is not the COG this job makes from '{options.Source}' with these options; pass overwrite=true to replace it.");
        return null;
    }

    private static async Task<WrittenCog> ConvertAsync(GdalSession gdal, CogOptions options, CogTarget target,
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
                await gdal.WarpAsync(sourcePath, warped, ["-of", "VRT", "-t_srs", crs, "-r", WarpResampling(options.Resampling)],
                    options.Source, cancellationToken);
                input = warped;
            }
            await gdal.TranslateAsync(input, temporary,
                ["-of", "COG", .. options.CreationOptions(), "-mo", $"{CogOptions.FingerprintKey}={fingerprint}"],
                options.Source, cancellationToken);
            // The header only (no statistics, no checksum): what CogCheck needs, without reading the pixels again.
            var info = await gdal.InfoAsync(temporary, temporary, cancellationToken);
            var problems = CogCheck.Problems(info, options.Blocksize);
            if (problems.Count > 0)
                throw new PermanentTaskException($"GDAL converted '{options.Source}' ({sourceInfo.Width}x{sourceInfo.Height} {sourceInfo.Driver}), " +
                    $"but the result is not a valid COG: {string.Join("; ", problems)}.");
            // Hashed now, while the bytes GDAL just wrote are in the page cache: no second read from disk.
            var sha256 = await FileHashes.Sha256Async(temporary, cancellationToken);
            committed = await target.CommitAsync(temporary, fingerprint, attempt, cancellationToken);
            return new WrittenCog(committed, info, sha256);
        }
        finally
        {
            // However the attempt ends (renamed into place, failed, cancelled, handed back, timed
            // out: a stop kills the GDAL host before this runs), nothing of it stays under a temporary
            // name: neither ours nor what GDAL wrote beside it (overviews in .ovr.tmp, a raster
            // attribute table in .aux.xml, which the COG does not carry). A target that committed by
            // upload still reads the temporary file and removes it when disposed.
            if (committed != temporary) TemporaryFiles.RemoveWithSidecars(temporary);
        }
    }

    /// <summary>gdalwarp's name for a resampling method (its nearest neighbour is "near").</summary>
    private static string WarpResampling(string method) => method == "NEAREST" ? "near" : method.ToLowerInvariant();
}
