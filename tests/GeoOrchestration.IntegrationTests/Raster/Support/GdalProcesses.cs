namespace GeoOrchestration.IntegrationTests.Raster.Support;

/// <summary>
/// Finds running GDAL host processes by their command line and open files (/proc), to kill them as a
/// crash, the OOM killer or an operator would, and what GDAL leaves in a destination.
/// </summary>
public static class GdalProcesses
{
    /// <summary>The name of the GDAL host program, in its command line (the .dll run by dotnet, or the apphost).</summary>
    public const string HostProgram = "GeoOrchestration.GdalHost";

    /// <summary>
    /// The ids of running GDAL host processes, those started by process <paramref name="parent"/>
    /// when given (hosts are started with <c>--parent PID</c>).
    /// </summary>
    public static IReadOnlyList<int> Hosts(int? parent = null)
    {
        var found = new List<int>();
        foreach (var (pid, args) in CommandLines())
        {
            var isHost = args.Take(2).Any(a => Path.GetFileName(a) is HostProgram or HostProgram + ".dll");
            var parentAt = Array.IndexOf(args, "--parent");
            if (isHost && (parent is null || (parentAt >= 0 && parentAt + 1 < args.Length && args[parentAt + 1] == parent.ToString())))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>
    /// The ids of GDAL host processes that hold a file open whose path starts with
    /// <paramref name="pathPrefix"/>: the host reading or writing it (the request is not in its command line).
    /// </summary>
    public static IReadOnlyList<int> HostsWithOpen(string pathPrefix, int? parent = null) =>
        Hosts(parent).Where(pid => OpenFiles(pid).Any(f => f.StartsWith(pathPrefix, StringComparison.Ordinal))).ToList();

    /// <summary>Whether process <paramref name="pid"/> exists (a zombie not yet waited for counts: it is not gone).</summary>
    public static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");

    private static IEnumerable<string> OpenFiles(int pid)
    {
        var files = new List<string>();
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                if (new FileInfo(fd).LinkTarget is { } target) files.Add(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // exited meanwhile
        }
        return files;
    }

    private static IEnumerable<(int Pid, string[] Args)> CommandLines()
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(proc, "cmdline")).TrimEnd('\0').Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }
            yield return (pid, args);
        }
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
