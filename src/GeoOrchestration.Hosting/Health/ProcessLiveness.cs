using System.Diagnostics;

namespace GeoOrchestration.Hosting.Health;

/// <summary>
/// Whether the process a heartbeat record names still runs: the id exists, is not a zombie (killed, not yet reaped)
/// and, when the record has it, started when the worker's process did (a later process given the same id is not the worker).
/// Process ids are per PID namespace: a probe reads them right only in the worker's own container (<c>docker exec</c>,
/// a Kubernetes exec probe, a Docker HEALTHCHECK all run there).
/// </summary>
internal static class ProcessLiveness
{
    // Start times read from /proc are in clock ticks (1/100 s) and converted through the boot time: allow for rounding.
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(2);

    public static bool IsAlive(int processId, DateTimeOffset? processStarted)
    {
        if (processId <= 0) return false;
        if (IsZombie(processId)) return false;
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited) return false;
            if (processStarted is { } expected && StartedAt(process) is { } actual && (actual - expected).Duration() > StartTolerance) return false;
            return true;
        }
        catch (ArgumentException)
        {
            return false; // no process has this id
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
    }

    private static DateTimeOffset? StartedAt(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null; // not ours to read: the id alone answers
        }
    }

    /// <summary>Linux: a killed process stays in the table as a zombie until its parent reaps it; it runs no more.</summary>
    private static bool IsZombie(int processId)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            // "pid (comm) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone (GetProcessById says so) or not readable
        }
    }
}
