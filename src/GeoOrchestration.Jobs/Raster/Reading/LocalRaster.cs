namespace GeoOrchestration.Jobs.Raster.Reading;

/// <summary>
/// A raster's bytes on this machine, where GDAL can read them: the source file itself, or a blob
/// downloaded to a temporary file for the task (removed on dispose). What results show is
/// <see cref="Source"/>, never the temporary path.
/// </summary>
public sealed class LocalRaster : IAsyncDisposable
{
    private readonly string? _temporary;
    private string? _sha256;

    private LocalRaster(string source, string path, long bytes, DateTimeOffset lastModified, string? sha256, string? temporary)
    {
        Source = source;
        Path = path;
        Bytes = bytes;
        LastModified = lastModified;
        _sha256 = sha256;
        _temporary = temporary;
    }

    /// <summary>The source as the task was given it: an absolute path, or a blob's https URL (no query string).</summary>
    public string Source { get; }

    /// <summary>The local file GDAL reads.</summary>
    public string Path { get; }

    /// <summary>The source's size, in bytes.</summary>
    public long Bytes { get; }

    /// <summary>When the source was last written (the file's write time, the blob's Last-Modified), UTC.</summary>
    public DateTimeOffset LastModified { get; }

    /// <summary>Whether <see cref="Path"/> is a temporary copy of a blob.</summary>
    public bool IsCopy => _temporary is not null;

    /// <summary>A file, read where it is.</summary>
    public static LocalRaster OfFile(string path)
    {
        var file = new FileInfo(path);
        return new LocalRaster(file.FullName, file.FullName, file.Length, file.LastWriteTimeUtc, null, null);
    }

    /// <summary>A blob's bytes in <paramref name="temporary"/>, hashed while they were downloaded; the file is removed on dispose.</summary>
    public static LocalRaster OfCopy(string url, string temporary, long bytes, DateTimeOffset lastModified, string sha256) =>
        new(url, temporary, bytes, lastModified, sha256, temporary);

    /// <summary>The SHA-256 of the bytes, lowercase hex (for a copy, computed while it was downloaded).</summary>
    public async Task<string> Sha256Async(CancellationToken cancellationToken) =>
        _sha256 ??= await FileHashes.Sha256Async(Path, cancellationToken);

    public ValueTask DisposeAsync()
    {
        if (_temporary is not null) TemporaryFiles.RemoveWithSidecars(_temporary);
        return ValueTask.CompletedTask;
    }
}
