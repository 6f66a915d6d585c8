using System.Diagnostics;
using System.Globalization;

namespace GeoOrchestration.Cli.Bench;

/// <summary>Separate <c>geoorch worker</c> processes for a benchmark, with their peak memory read from /proc.</summary>
internal sealed class WorkerProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Dictionary<int, long> _peakKb = [];

    /// <param name="environment">How the workers reach the store (GEO_CONNECTION, and GEO_SCHEMA for PostgreSQL), and Service Bus (GEO_SERVICEBUS) when they use it.</param>
    public static WorkerProcesses Start(int count, int concurrency, IReadOnlyDictionary<string, string> environment)
    {
        var workers = new WorkerProcesses();
        var self = Environment.ProcessPath!;
        var dll = typeof(WorkerProcesses).Assembly.Location;
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo(self) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(dll);
            foreach (var a in new[] { "worker", "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--shutdown-grace", "5" })
                start.ArgumentList.Add(a);
            start.Environment.Remove(Hosting.GeoConnection.SchemaVariable);
            // A GEO_SERVICEBUS of this process's environment would move database-transport workers to Service Bus.
            start.Environment.Remove(Hosting.TransportSettings.ServiceBusVariable);
            foreach (var (name, value) in environment) start.Environment[name] = value;
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            workers._processes.Add(process);
        }
        return workers;
    }

    /// <summary>The largest peak resident set (VmHWM) of any worker, in MB.</summary>
    public double PeakRssMb()
    {
        foreach (var p in _processes.Where(p => !p.HasExited))
        {
            try
            {
                var line = File.ReadLines($"/proc/{p.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null) _peakKb[p.Id] = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
        }
        return _peakKb.Count == 0 ? 0 : _peakKb.Values.Max() / 1024.0;
    }

    public async ValueTask DisposeAsync()
    {
        PeakRssMb();
        foreach (var p in _processes.Where(p => !p.HasExited))
            using (var term = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        foreach (var p in _processes)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await p.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException) { p.Kill(); }
            p.Dispose();
        }
    }
}
