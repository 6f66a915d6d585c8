using System.Globalization;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// Peak memory of this process with its child processes (GDAL's tools, or GDAL host processes), sampled from
/// /proc every 50 ms while it runs: per sample, this process's resident set plus each live descendant's VmHWM (its
/// own peak so far, so a child's peak between two samples still counts); the figure is the largest sum. On systems
/// without /proc every figure is 0.
/// </summary>
internal sealed class ProcessTreeMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakBytes;
    private int _peakChildren;

    private ProcessTreeMemory() => _sampling = Task.Run(SampleAsync);

    /// <summary>Starts sampling now.</summary>
    public static ProcessTreeMemory Start() => new();

    /// <summary>The largest sampled sum, in MiB.</summary>
    public double PeakMb => Interlocked.Read(ref _peakBytes) / 1048576.0;

    /// <summary>How many child processes were alive at the sample of the peak.</summary>
    public int ChildrenAtPeak => Volatile.Read(ref _peakChildren);

    /// <summary>This process's own peak resident set since it started (VmHWM), in MiB; 0 without /proc.</summary>
    public static double ProcessPeakMb() => Kilobytes(Environment.ProcessId, "VmHWM:") / 1024.0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        Sample(); // once more: a short run may end between two samples
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            do Sample();
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        if (!Directory.Exists("/proc/self")) return;
        var children = Descendants(Environment.ProcessId);
        var bytes = Kilobytes(Environment.ProcessId, "VmRSS:") * 1024;
        foreach (var child in children) bytes += Kilobytes(child, "VmHWM:") * 1024;
        if (bytes > Interlocked.Read(ref _peakBytes))
        {
            Interlocked.Exchange(ref _peakBytes, bytes);
            Volatile.Write(ref _peakChildren, children.Count);
        }
    }

    /// <summary>
    /// Every process whose parent chain leads to <paramref name="root"/>: from each thread's <c>children</c> file
    /// (a few small reads, so sampling costs the measured machine next to nothing), else, on a kernel without those
    /// files, from every /proc/PID/stat's parent field.
    /// </summary>
    private static List<int> Descendants(int root)
    {
        var found = new List<int>();
        var queue = new Queue<int>([root]);
        var scan = File.Exists($"/proc/{root}/task/{root}/children") ? null : Parents();
        while (queue.TryDequeue(out var pid))
            foreach (var child in scan is null ? ChildrenOf(pid) : scan.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        return found;
    }

    private static IEnumerable<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                foreach (var text in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    children.Add(int.Parse(text, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the process or a thread ended meanwhile: what was read stands
        }
        return children;
    }

    private static Dictionary<int, List<int>> Parents()
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(entry, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // ended meanwhile
            }
            // "PID (COMMAND) STATE PPID ...": the command may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 3);
            if (fields.Length >= 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
                (parents.TryGetValue(parent, out var list) ? list : parents[parent] = []).Add(pid);
        }
        return parents;
    }

    /// <summary>A "NAME:   N kB" line of /proc/PID/status, in kB; 0 when the process or the line is gone.</summary>
    private static long Kilobytes(int pid, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(name, StringComparison.Ordinal))
                    return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return 0;
    }
}
