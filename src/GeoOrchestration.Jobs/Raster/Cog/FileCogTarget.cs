namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>A COG written under a destination folder: temporary file beside it, renamed into place.</summary>
public sealed class FileCogTarget(CogOptions options) : CogTarget
{
    public override string Asset { get; } = CogPaths.Output(options.Destination, options.Name);

    public override Task<ExistingOutput?> FindAsync(string fingerprint, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(Asset) ? new ExistingOutput(Asset) : null);

    public override string Temporary(int attempt)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Asset)!);
        CogPaths.RemoveStale(Asset);
        return CogPaths.Temporary(Asset, attempt);
    }

    public override Task<string> CommitAsync(string temporary, string fingerprint, int attempt, CancellationToken cancellationToken)
    {
        // Atomic: temporary and final name are in one folder.
        File.Move(temporary, Asset, overwrite: true);
        return Task.FromResult(Asset);
    }
}
