namespace GeoOrchestration.IntegrationTests.Raster.Support;

/// <summary>Finds running GDAL tools by their command line (/proc), to kill them as the OOM killer or an operator would.</summary>
public static class GdalProcesses
{
    /// <summary>The ids of running <paramref name="tool"/> processes one of whose arguments starts with <paramref name="argumentPrefix"/>.</summary>
    public static IReadOnlyList<int> Find(string tool, string argumentPrefix)
    {
        var found = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }
            if (args.Length > 1 && Path.GetFileName(args[0]) == tool && args.Skip(1).Any(a => a.StartsWith(argumentPrefix, StringComparison.Ordinal)))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>SIGKILL; false when the process had exited already.</summary>
    public static bool Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The hidden files under <paramref name="folder"/>: what a conversion or catalogue write leaves when it is not cleaned up.</summary>
    public static IReadOnlyList<string> HiddenFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, ".*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Whether GDAL is writing a COG's overviews under <paramref name="folder"/> (its temporary <c>.ovr.tmp</c> exists).</summary>
    public static bool WritingOverviews(string folder) => HiddenFiles(folder).Any(f => f.EndsWith(".ovr.tmp", StringComparison.Ordinal));
}
