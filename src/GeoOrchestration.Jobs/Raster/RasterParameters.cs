using GeoOrchestration.Parameters;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>The parameters every raster job type shares: which rasters, and where results go.</summary>
public abstract class RasterParameters
{
    /// <summary>Longest path accepted, in characters.</summary>
    public const int MaxPathLength = 4096;

    [Parameter("source", Required = true, MinItems = 1, MaxItems = 10_000, MinLength = 1, MaxLength = MaxPathLength,
        Description = "The rasters: one folder (its *.tif and *.tiff files), a folder with a glob as its last part (/data/in/*.img), or a list of files. Absolute paths.")]
    public string[] Source { get; init; } = [];

    [Parameter("recursive", Description = "With a folder source: look in its subfolders too (the output keeps their layout). Default false.")]
    public bool Recursive { get; init; }

    [Parameter("destination", Required = true, MinLength = 1, MaxLength = MaxPathLength,
        Description = "The folder the results and the STAC catalogue go to (an absolute path; created if missing).")]
    public string Destination { get; init; } = "";

    [Parameter("collection_id", MinLength = 1, MaxLength = 100,
        Description = "The STAC Collection's id. Default: the destination folder's name.")]
    public string? CollectionId { get; init; }

    [Parameter("max_failed_files", Minimum = 0, Maximum = 1_000_000,
        Description = "How many files may fail (each listed in the job's result, with GDAL's reason) while the job goes on; one more fails the job. Default 0.")]
    public int MaxFailedFiles { get; init; }
}
