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
/// Converts one raster to a Cloud-Optimized GeoTIFF, each step once: looks for the output of an
/// earlier attempt (<see cref="CogTarget.FindAsync"/>: for a blob, its download), then in one GDAL
/// host session (<see cref="GdalHostPool"/>: no process start per step) reprojects the source when
/// asked (GDALWarp, into a VRT), writes the COG under a temporary name (GDALTranslate -of COG), checks
/// what GDAL wrote from its header (<see cref="CogCheck"/>) and computes its footprint; then, with
/// the host handed back, hashes it while its bytes are in the page cache and puts it in place (a
/// rename, or a committed block upload: <see cref="CogTarget"/>). A host is leased only while GDAL
/// works: another task's conversion never waits for a host while this one downloads or uploads.
/// The source is not described first: GDALTranslate opens it anyway, and an unreadable or hostile
/// source fails there with GDAL's own text. A crashed or retried attempt never leaves a half-written
/// COG under the final name, and an attempt that finds the complete COG of an earlier one (same
/// <see cref="CogOptions.Fingerprint"/>) keeps it.
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
        var fingerprint = options.Fingerprint(source);
        await using var target = CogTargets.For(options, context);
        var existing = await target.FindAsync(fingerprint, cancellationToken);

        string? temporary = null;
        var committed = "";
        try
        {
            CheckedCog cog;
            Placement placement;
            GdalClock clock;
            await using (var gdal = await GdalHostPool.Shared.OpenAsync(cancellationToken))
            {
                var kept = await KeptAsync(gdal, options, target, existing, fingerprint, cancellationToken);
                if (kept is null)
                {
                    context.ReportProgress(10, $"converting {options.Source}");
                    temporary = target.Temporary(context.Attempt);
                    cog = await ConvertAsync(gdal, options, source.Path, temporary, fingerprint, cancellationToken);
                }
                else cog = kept;
                context.ReportProgress(80, $"placing {target.Asset}");
                placement = await FootprintReader.ReadAsync(gdal, cog.Local, cog.Info, target.Asset, cancellationToken);
                clock = gdal.Clock;
            }

            // The host is back in the pool: hashing (while the bytes GDAL just wrote are in the page
            // cache: no second read from disk) and the commit (for a blob, the upload) need no GDAL.
            var sha256 = await FileHashes.Sha256Async(cog.Local, cancellationToken);
            var local = cog.Local;
            if (temporary is not null)
            {
                context.ReportProgress(90, $"committing {target.Asset}");
                local = committed = await target.CommitAsync(temporary, fingerprint, context.Attempt, cancellationToken);
            }
            return new RasterObservation
            {
                Source = source.Source,
                SourceBytes = source.Bytes,
                Asset = target.Asset,
                AssetBytes = new FileInfo(local).Length,
                Sha256 = sha256,
                ItemPath = options.ItemPath,
                ItemId = options.ItemId,
                Info = cog.Info,
                Placement = placement,
                ProcessedAt = DateTimeOffset.UtcNow,
                Elapsed = watch.Elapsed,
                Gdal = clock,
                Reused = temporary is null,
            }.ToFacts().ToJson();
        }
        finally
        {
            // However the attempt ends (renamed into place, failed, cancelled, handed back, timed
            // out: a stop kills the GDAL host before this runs), nothing of it stays under a temporary
            // name: neither ours nor what GDAL wrote beside it (overviews in .ovr.tmp, a raster
            // attribute table in .aux.xml, which the COG does not carry). A target that committed by
            // upload still reads the temporary file and removes it when disposed.
            if (temporary is not null && committed != temporary) TemporaryFiles.RemoveWithSidecars(temporary);
        }
    }

    /// <summary>A COG on this machine that GDAL has read and <see cref="CogCheck"/> passed: where it is, GDAL's facts of it.</summary>
    private sealed record CheckedCog(string Local, GdalInfo Info);

    /// <summary>
    /// The output already in place, when it is this conversion's complete, valid COG (an earlier
    /// attempt got as far as the rename or the commit); null when there is none to keep. Anything
    /// else under the output name is replaced only with <c>overwrite</c>.
    /// </summary>
    private static async Task<CheckedCog?> KeptAsync(GdalSession gdal, CogOptions options, CogTarget target,
        CogTarget.ExistingOutput? existing, string fingerprint, CancellationToken cancellationToken)
    {
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
                return new CheckedCog(local, info);
        }
        if (!options.Overwrite)
            throw new PermanentTaskException(
                $"'{target.Asset}' exists and is not the COG this job makes from '{options.Source}' with these options; pass overwrite=true to replace it.");
        return null;
    }

    /// <summary>Writes the COG into <paramref name="temporary"/> (warped first when asked) and checks it.</summary>
    private static async Task<CheckedCog> ConvertAsync(GdalSession gdal, CogOptions options, string sourcePath,
        string temporary, string fingerprint, CancellationToken cancellationToken)
    {
        var input = sourcePath;
        if (options.TargetCrs is { } crs)
        {
            // A VRT holds the warp without computing it: the pixels are warped once, while the COG is
            // written. Named after the temporary file, so its removal takes the VRT with it.
            var warped = temporary + ".warp.vrt";
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
            throw new PermanentTaskException($"GDAL converted '{options.Source}' (to a {info.Width}x{info.Height} {info.Driver}), " +
                $"but the result is not a valid COG: {string.Join("; ", problems)}.");
        return new CheckedCog(temporary, info);
    }

    /// <summary>gdalwarp's name for a resampling method (its nearest neighbour is "near").</summary>
    private static string WarpResampling(string method) => method == "NEAREST" ? "near" : method.ToLowerInvariant();
}
