using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Sources;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Blob.Tasks;

/// <summary>
/// <c>blob_inventory</c>'s <c>describe</c> stage, one blob: its listed properties (name, URL, size,
/// content type, last modified, Content-MD5, ETag) and, when <c>raster_facts</c> and it looks like a
/// raster, GDAL's facts of it, read from a downloaded copy. A blob without a stored Content-MD5 that
/// is downloaded gets one computed from its bytes (<c>content_md5_computed</c>: true). A blob GDAL
/// cannot read is recorded with GDAL's reason (<c>raster_reason</c>), not failed: that is a fact of it.
/// </summary>
[TaskHandler(BlobTaskTypes.Describe)]
public sealed class BlobDescribeHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var described = new JsonObject
        {
            ["name"] = input.GetString("name"),
            ["url"] = input.GetString("url"),
            ["bytes"] = input.GetInt64("bytes"),
            ["content_type"] = input.Find("content_type")?.DeepClone(),
            ["last_modified"] = input.GetString("last_modified"),
            ["content_md5"] = input.Find("content_md5")?.DeepClone(),
            ["content_md5_computed"] = false,
            ["etag"] = input.GetString("etag"),
            ["raster"] = null,
            ["raster_reason"] = null,
        };
        var why = input.GetBoolean("raster_facts")
            ? BlobRasterFacts.NotACandidate(input.GetString("name"), input.Find("content_type")?.GetValue<string>())
            : "raster_facts is false";
        if (why is not null)
        {
            described["raster_reason"] = why;
            return described;
        }

        var (location, name) = RasterBlobSource.Blob(input.GetString("url"));
        var local = Path.Combine(Path.GetTempPath(), $"geoorch-blob-{Guid.NewGuid():N}{Path.GetExtension(name)}");
        try
        {
            var downloaded = await new BlobTransfer().DownloadAsync(location, name, local, cancellationToken);
            if (downloaded.Entry.ContentMd5 is null)
            {
                described["content_md5"] = downloaded.Md5;
                described["content_md5_computed"] = true;
            }
            try
            {
                described["raster"] = await BlobRasterFacts.ReadAsync(local, input.GetString("url"), cancellationToken);
            }
            catch (GdalPermanentException e)
            {
                described["raster_reason"] = $"GDAL cannot read it: {e.Message}";
            }
            catch (FormatException e)
            {
                described["raster_reason"] = $"GDAL cannot read it: {e.Message}";
            }
            return described;
        }
        finally
        {
            File.Delete(local);
        }
    }
}
