namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>Where <c>raster_to_cog</c> writes a raster's COG and its temporary files.</summary>
public static class CogPaths
{
    /// <summary>The COG of the raster named <paramref name="name"/> ('/'-separated, no extension) under <paramref name="destination"/> (a blob destination: its https URL).</summary>
    public static string Output(string destination, string name) =>
        Storage.BlobLocation.IsBlob(destination) ? RasterBlobPaths.Url(destination, name, ".tif")
        : Path.GetFullPath(Path.Combine(destination, name.Replace('/', Path.DirectorySeparatorChar) + ".tif"));

    /// <summary>A temporary name beside <paramref name="output"/> for one attempt (<see cref="TemporaryFiles.For"/>).</summary>
    public static string Temporary(string output, int attempt) => TemporaryFiles.For(output, attempt);

    /// <summary>
    /// Removes what earlier attempts at <paramref name="output"/> left behind (a crash, a kill): their
    /// temporary files and GDAL's beside them.
    /// </summary>
    public static void RemoveStale(string output) => TemporaryFiles.RemoveAllOf(output);
}
