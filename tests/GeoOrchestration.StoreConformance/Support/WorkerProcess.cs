using System.Collections.Concurrent;
using System.Diagnostics;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// One <c>geoorch worker</c> process that a test may crash (SIGKILL) or stop (SIGTERM). Its output
/// is drained as it comes (an unread pipe would block the worker once full) and the last lines are
/// kept for failure messages.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private volatile bool _started;

    private WorkerProcess(Process process)
    {
        _process = process;
        Id = process.Id;
    }

    public int Id { get; }

    /// <summary>True once the worker printed that it started: from then on it handles SIGTERM.</summary>
    public bool HasStarted => _started;

    public bool HasExited => _process.HasExited;

    /// <summary>The start of the lease owner this process writes: <c>host:pid:</c> (see <c>WorkerOptions.WorkerId</c>).</summary>
    public string LeaseOwnerPrefix => $"{Environment.MachineName}:{Id}:";

    public string Tail => string.Join('\n', _tail);

    public static WorkerProcess Start(IEnumerable<string> options, IReadOnlyDictionary<string, string?> environment)
    {
        var process = Geoorch.Start(["worker", .. options], environment);
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): a crash, no chance to hand work back.</summary>
    public async Task CrashAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        await WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGSTOP: the process freezes, as in a VM pause or a debugger stop, without a chance to notice.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: a paused process runs on from where it froze.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {Id}") ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {Id} exited {kill.ExitCode}.");
    }

    /// <summary>SIGTERM, then waits; the exit code, or null when it did not exit in time (it is then killed).</summary>
    public async Task<int?> TerminateAsync(TimeSpan within)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", $"-TERM {Id}") ?? throw new InvalidOperationException("Could not run kill.");
            await kill.WaitForExitAsync();
        }
        if (await WaitAsync(within)) return _process.ExitCode;
        Dispose();
        return null;
    }

    /// <summary>Waits for the worker to exit by itself; its exit code, or null when it did not exit in time.</summary>
    public async Task<int?> ExitCodeWithinAsync(TimeSpan within) => await WaitAsync(within) ? _process.ExitCode : null;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private async Task<bool> WaitAsync(TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        // The worker's start line (WorkerLogMessages.Started): "<time> info Worker <id> started: store …".
        if (line.Contains(" info Worker ", StringComparison.Ordinal) && line.Contains(" started: ", StringComparison.Ordinal)) _started = true;
        _tail.Enqueue(line);
        while (_tail.Count > TailLines) _tail.TryDequeue(out _);
    }
}
