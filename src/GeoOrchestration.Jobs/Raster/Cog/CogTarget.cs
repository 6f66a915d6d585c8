namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>
/// Where a conversion's COG goes: a file under a destination folder (<see cref="FileCogTarget"/>)
/// or a blob under a destination container (<see cref="BlobCogTarget"/>). The conversion itself is
/// the same for both: GDAL writes a local temporary file, the task checks it, then the target
/// commits it under the final name in one step (a rename, a block list), so a killed or retried
/// attempt never leaves a half COG there.
/// </summary>
public abstract class CogTarget : IAsyncDisposable
{
    /// <summary>The COG as results and STAC show it: its absolute path, or the blob's https URL (no query string).</summary>
    public abstract string Asset { get; }

    /// <summary>
    /// What is under the final name already: nothing (null), or a local file holding it for GDAL to
    /// read (<see cref="ExistingOutput.LocalPath"/>), or null there when it is known without reading
    /// that it is not this conversion's (another fingerprint in the blob's metadata).
    /// </summary>
    public abstract Task<ExistingOutput?> FindAsync(string fingerprint, CancellationToken cancellationToken);

    /// <summary>A new local temporary file for this attempt's COG, after removing what earlier attempts left.</summary>
    public abstract string Temporary(int attempt);

    /// <summary>
    /// Puts the checked COG in <paramref name="temporary"/> under the final name; returns the local
    /// file that now holds its bytes (to hash and read its footprint from).
    /// </summary>
    public abstract Task<string> CommitAsync(string temporary, string fingerprint, int attempt, CancellationToken cancellationToken);

    /// <summary>Removes the local copies the target kept (a downloaded earlier output, an uploaded COG).</summary>
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>What <see cref="FindAsync"/> found under the final name.</summary>
    /// <param name="LocalPath">A local file with its bytes; null when it is known not to be this conversion's.</param>
    public sealed record ExistingOutput(string? LocalPath);
}
