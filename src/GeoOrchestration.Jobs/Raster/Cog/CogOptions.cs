using System.Security.Cryptography;
using System.Text;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Reading;

namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>How one raster is to be converted: a convert task's parameters.</summary>
public sealed record CogOptions(string Source, string Name, string ItemId, string Destination, string Compression,
    string Resampling, int Blocksize, string? TargetCrs, bool Overwrite)
{
    /// <summary>The metadata item a conversion stamps into its COG (<see cref="Fingerprint"/>).</summary>
    public const string FingerprintKey = "GEOORCH_FINGERPRINT";

    public string Output => CogPaths.Output(Destination, Name);

    public string ItemPath => RasterPaths.Item(Destination, Name);

    public static CogOptions From(StageResult input) => new(
        input.GetString("source"), input.GetString("name"), input.GetString("item_id"), input.GetString("destination"),
        input.GetString("compression"), input.GetString("overview_resampling"), (int)input.GetInt64("blocksize"),
        input.Find("target_crs")?.GetValue<string>(), input.GetBoolean("overwrite"));

    /// <summary>
    /// What makes an output this conversion's own: the source (path or blob URL, size, modification
    /// time) and every option that changes the pixels. A COG carrying the same fingerprint needs no
    /// redoing. For a file the text is what it was before blob sources, so earlier outputs stay reusable.
    /// </summary>
    public string Fingerprint(LocalRaster source)
    {
        var text = string.Join('\n', "v1", source.Source, source.Bytes, source.LastModified.UtcTicks,
            Compression, Resampling, Blocksize, TargetCrs ?? "");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
    }

    /// <summary>gdal_translate's COG creation options for these choices.</summary>
    public IEnumerable<string> CreationOptions()
    {
        yield return "-co"; yield return $"COMPRESS={Compression}";
        yield return "-co"; yield return $"BLOCKSIZE={Blocksize}";
        yield return "-co"; yield return $"OVERVIEW_RESAMPLING={Resampling}";
        // A raster near 4 GiB needs BigTIFF; GDAL decides when it can tell.
        yield return "-co"; yield return "BIGTIFF=IF_SAFER";
        // The horizontal predictor makes lossless codecs far better on smooth data, for no loss.
        if (Compression is "DEFLATE" or "LZW" or "ZSTD") { yield return "-co"; yield return "PREDICTOR=YES"; }
    }
}
