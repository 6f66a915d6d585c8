namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>Where <c>raster_to_cog</c> writes a raster's COG and its temporary files.</summary>
public static class CogPaths
{
    /// <summary>The COG of the raster named <paramref name="name"/> ('/'-separated, no extension) under <paramref name="destination"/>.</summary>
    public static string Output(string destination, string name) =>
        Path.GetFullPath(Path.Combine(destination, name.Replace('/', Path.DirectorySeparatorChar) + ".tif"));

    /// <summary>
    /// A temporary name beside <paramref name="output"/> for one attempt: hidden (a leading '.', so a
    /// folder listing skips it), unique, and matched by <see cref="RemoveStale"/>. The rename from it
    /// to the output is atomic, as both are in one folder.
    /// </summary>
    public static string Temporary(string output, int attempt) =>
        Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{attempt}-{Guid.NewGuid():N}.tmp");

    /// <summary>Removes what earlier attempts at <paramref name="output"/> left behind (a crash, a kill): their temporary files.</summary>
    public static void RemoveStale(string output)
    {
        var folder = Path.GetDirectoryName(output)!;
        if (!Directory.Exists(folder)) return;
        foreach (var stale in Directory.EnumerateFiles(folder, $".{Path.GetFileName(output)}.*.tmp*"))
        {
            try
            {
                File.Delete(stale);
            }
            catch (IOException)
            {
                // Still open by an attempt that has not died yet: the next attempt tries again.
            }
        }
    }
}
