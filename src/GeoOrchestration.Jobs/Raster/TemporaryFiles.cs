using System.Text.RegularExpressions;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// The hidden temporary files the raster job types write beside an output before renaming it into
/// place: <c>.NAME.ATTEMPT-GUID.tmp</c> for a COG, <c>.NAME.GUID.tmp</c> for a catalogue file, and
/// whatever GDAL writes beside a name it was given (<c>.tmp.ovr.tmp</c> and <c>.tmp.msk.ovr.tmp</c>
/// for overviews, <c>.tmp.aux.xml</c> for what a TIFF cannot hold, such as a raster attribute table)
/// or a task writes beside it (<c>.tmp.warp.vrt</c>). Every one starts with the temporary name, so
/// an attempt removes its own by that prefix, and a sweep finds any left by a killed process by the
/// output they belong to, never touching a file it did not make.
/// </summary>
public static class TemporaryFiles
{
    // The part after ".NAME.": an optional attempt number, hex digits (a GUID), ".tmp", then any suffix.
    private static readonly Regex Tail = new(@"^(?:[0-9]+-)?[0-9a-f]+\.tmp(?:\..*)?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// A new temporary name beside <paramref name="output"/>: hidden (a leading '.', so listings
    /// skip it) and unique; the rename from it to the output is atomic, as both are in one folder.
    /// </summary>
    /// <param name="attempt">The task attempt writing it, named in the file for whoever finds it; null for none.</param>
    public static string For(string output, int? attempt = null) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!,
            $".{Path.GetFileName(output)}.{(attempt is { } a ? $"{a}-" : "")}{Guid.NewGuid():N}.tmp");

    /// <summary>Removes <paramref name="temporary"/> and every file whose name extends it (GDAL's sidecars); returns how many.</summary>
    public static int RemoveWithSidecars(string temporary)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(temporary))!;
        var name = Path.GetFileName(temporary);
        return Remove(folder, f => f.StartsWith(name, StringComparison.Ordinal));
    }

    /// <summary>Removes every temporary file of <paramref name="output"/>, whichever attempt or process wrote it; returns how many.</summary>
    public static int RemoveAllOf(string output) => Sweep([output]);

    /// <summary>
    /// Removes every temporary file of the given outputs (final paths), reading each folder once;
    /// returns how many. For a job's end, when no attempt that could still use them is running.
    /// Blob outputs (URLs) are passed over: Blob Storage keeps an uncommitted upload out of sight
    /// and drops it by itself, and a task's local copies are removed by its next attempt (<see cref="Reading.TaskScratch"/>).
    /// </summary>
    public static int Sweep(IEnumerable<string> outputs)
    {
        var removed = 0;
        foreach (var folder in outputs.Where(o => !Storage.BlobLocation.IsBlob(o)).Select(Path.GetFullPath).GroupBy(o => Path.GetDirectoryName(o)!, StringComparer.Ordinal))
        {
            var names = folder.Select(o => Path.GetFileName(o)).ToHashSet(StringComparer.Ordinal);
            removed += Remove(folder.Key, f => IsTemporaryOfAny(f, names));
        }
        return removed;
    }

    // ".NAME." then the tail, for one of the outputs' names: each '.' of the file name is tried as the
    // end of NAME, a few lookups however many outputs share the folder.
    private static bool IsTemporaryOfAny(string fileName, IReadOnlySet<string> outputNames)
    {
        if (!fileName.StartsWith('.')) return false;
        for (var dot = fileName.IndexOf('.', 1); dot > 0; dot = fileName.IndexOf('.', dot + 1))
            if (outputNames.Contains(fileName[1..dot]) && Tail.IsMatch(fileName.AsSpan(dot + 1))) return true;
        return false;
    }

    private static int Remove(string folder, Func<string, bool> matches)
    {
        if (!Directory.Exists(folder)) return 0;
        var removed = 0;
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true };
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder, ".*", options).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // gone or unreadable meanwhile: nothing this process can remove
        }
        foreach (var path in files)
        {
            if (!matches(Path.GetFileName(path))) continue;
            try
            {
                File.Delete(path);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Still in use or not ours to delete: a later attempt or sweep tries again.
            }
        }
        return removed;
    }
}
