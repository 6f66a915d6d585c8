using GeoOrchestration.Jobs.Raster.Reading;
using GeoOrchestration.Jobs.Raster.Stac;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>
/// A COG uploaded under a blob destination: converted into the worker's temporary folder, checked,
/// then put with a block upload that Blob Storage makes visible only at its commit
/// (<see cref="BlobTransfer.UploadCommittedAsync"/>), with the COG's content type and the conversion's
/// fingerprint in its metadata. An earlier output is judged first by that metadata (another
/// fingerprint: not ours, without reading it), then, when it matches, downloaded and read like a
/// file: the facts need every byte anyway (its SHA-256 for <c>file:checksum</c>), and one local copy
/// serves gdalinfo, gdaltransform and the hash alike.
/// </summary>
public sealed class BlobCogTarget : CogTarget
{
    /// <summary>The metadata name the fingerprint is kept under (Blob Storage lower-cases metadata names).</summary>
    public static readonly string FingerprintMetadata = CogOptions.FingerprintKey.ToLowerInvariant();

    private static readonly BlobTransfer Transfer = new();
    private readonly BlobLocation _destination;
    private readonly string _blobName;
    private readonly string _taskId;
    private readonly int _attempt;
    private readonly List<string> _copies = [];

    public BlobCogTarget(CogOptions options, string taskId, int attempt)
    {
        _destination = RasterBlobPaths.Parse(options.Destination);
        _blobName = RasterBlobPaths.BlobName(_destination, options.Name, ".tif");
        _taskId = taskId;
        _attempt = attempt;
        Asset = _destination.UrlOf(_blobName).AbsoluteUri;
    }

    public override string Asset { get; }

    public override async Task<ExistingOutput?> FindAsync(string fingerprint, CancellationToken cancellationToken)
    {
        var existing = await Transfer.GetAsync(_destination, _blobName, cancellationToken);
        if (existing is null) return null;
        var stamped = existing.Metadata.FirstOrDefault(m => string.Equals(m.Key, FingerprintMetadata, StringComparison.OrdinalIgnoreCase)).Value;
        if (stamped != fingerprint) return new ExistingOutput(null);
        var copy = Keep(TaskScratch.Take(_taskId, "existing", ".tif", _attempt));
        await Transfer.DownloadAsync(_destination, _blobName, copy, cancellationToken);
        return new ExistingOutput(copy);
    }

    public override string Temporary(int attempt) => Keep(TaskScratch.Take(_taskId, "cog", ".tif", attempt));

    public override async Task<string> CommitAsync(string temporary, string fingerprint, int attempt, CancellationToken cancellationToken)
    {
        await Transfer.UploadCommittedAsync(_destination, _blobName, temporary, StacValues.CogMediaType,
            new Dictionary<string, string> { [FingerprintMetadata] = fingerprint }, $"{_taskId}-{attempt}", cancellationToken);
        return temporary;
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var copy in _copies) TemporaryFiles.RemoveWithSidecars(copy);
        return ValueTask.CompletedTask;
    }

    private string Keep(string path)
    {
        _copies.Add(path);
        return path;
    }
}
