using System.Security.Cryptography;
using System.Text;

namespace GeoOrchestration.Jobs.Raster.Reading;

/// <summary>
/// Temporary files a raster task keeps in the worker's temporary folder (a downloaded source, a COG
/// before its upload), named after the task so that a later attempt of it finds and removes what a
/// killed one left there (<see cref="TemporaryFiles"/>'s naming: <c>.TASK-ROLE.ext.ATTEMPT-GUID.tmp.ext</c>).
/// </summary>
public static class TaskScratch
{
    /// <summary>The folder: <c>geoorch-raster</c> under the process's temporary folder (TMPDIR).</summary>
    public static string Folder => Path.Combine(Path.GetTempPath(), "geoorch-raster");

    /// <summary>
    /// A new temporary file for <paramref name="role"/> (source, cog) of the task, ending in
    /// <paramref name="extension"/> (GDAL picks some drivers by it), after removing every file an
    /// earlier attempt of the same task left for that role. The folder is made when missing.
    /// </summary>
    public static string Take(string taskId, string role, string extension, int attempt)
    {
        Directory.CreateDirectory(Folder);
        var owner = OwnerOf(taskId, role, extension);
        TemporaryFiles.RemoveAllOf(owner);
        return TemporaryFiles.For(owner, attempt) + extension;
    }

    /// <summary>The name the task's files for <paramref name="role"/> extend (never a file itself).</summary>
    internal static string OwnerOf(string taskId, string role, string extension)
    {
        // Task ids are long and may hold characters a file name should not: a digest of it is unique enough.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(taskId)))[..24].ToLowerInvariant();
        return Path.Combine(Folder, $"{key}-{role}{extension}");
    }
}
