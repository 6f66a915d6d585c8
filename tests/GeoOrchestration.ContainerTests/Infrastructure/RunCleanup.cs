using System.Runtime.InteropServices;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// Removes the containers of one test run, and nothing of any other run or user: at the end of the
/// run (the fixture's dispose), at process exit, and when the test host is stopped by a signal (the
/// test host does not run exit handlers on SIGTERM: measured, a stopped run left its containers up).
/// Containers of earlier runs whose test process died without any of these (SIGKILL, a runner's
/// timeout) are removed when the next run starts, by the owner label naming their host and process.
/// </summary>
public sealed class RunCleanup : IDisposable
{
    public const string TestLabel = "org.geoorchestration.test";
    public const string RunLabel = "org.geoorchestration.test.run";
    public const string OwnerLabel = "org.geoorchestration.test.owner";

    private readonly List<PosixSignalRegistration> _signals = [];
    private int _removed;

    public RunCleanup(string runId)
    {
        RunId = runId;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        // Not cancelled: after the clean-up the signal ends the process as it would have.
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
            _signals.Add(PosixSignalRegistration.Create(signal, _ => Remove()));
    }

    public string RunId { get; }

    /// <summary>This process, as the owner label names it: <c>host:pid</c>.</summary>
    public static string Owner => $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The <c>--label</c> options of every container of the run.</summary>
    public IReadOnlyList<string> LabelOptions =>
        ["--label", $"{TestLabel}=true", "--label", $"{RunLabel}={RunId}", "--label", $"{OwnerLabel}={Owner}"];

    /// <summary>Removes containers of runs on this host whose test process is gone; returns how many.</summary>
    public static async Task<int> RemoveAbandonedAsync()
    {
        var listed = await DockerCommand.CheckedAsync(["ps", "-a", "--filter", $"label={OwnerLabel}", "--format", $"{{{{.ID}}}} {{{{.Label \"{OwnerLabel}\"}}}}"]);
        var abandoned = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2 && p[1].Split(':') is [var host, var pid] && host == Environment.MachineName
                && int.TryParse(pid, out var id) && !IsAlive(id))
            .Select(p => p[0]).ToList();
        if (abandoned.Count > 0) await DockerCommand.RunAsync(["rm", "-f", "-v", .. abandoned]);
        return abandoned.Count;
    }

    /// <summary>Removes this run's containers (and their anonymous volumes); once, whoever calls first.</summary>
    public void Remove()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1) return;
        try
        {
            var listed = DockerCommand.Run(["ps", "-aq", "--filter", $"label={RunLabel}={RunId}"], TimeSpan.FromSeconds(60));
            var ids = listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ids.Length > 0) DockerCommand.Run(["rm", "-f", "-v", .. ids], TimeSpan.FromMinutes(2));
        }
        catch (Exception)
        {
            // Best effort; tools/docker-engine.sh cleanup removes every labelled container after the suite.
        }
    }

    public void Dispose()
    {
        Remove();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var signal in _signals) signal.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Remove();

    private static bool IsAlive(int pid)
    {
        try { return !System.Diagnostics.Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }
}
