using System.Diagnostics;
using System.Text;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>Runs a program to its end, reading both streams, killing it after a bound.</summary>
public static class ProcessRun
{
    /// <summary>A program's exit code and what it wrote on each stream.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Both streams, trimmed, for messages.</summary>
        public string Output => (Stdout + Stderr).Trim();
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Keep(stdout, e.Data, onLine);
        process.ErrorDataReceived += (_, e) => Keep(stderr, e.Data, onLine);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new Result(127, "", $"{file} could not be started: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not end within {timeout}. stderr: {stderr}");
        }
        // The parameterless wait flushes the asynchronous readers: every line is in by now.
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static void Keep(StringBuilder into, string? line, Action<string>? onLine)
    {
        if (line is null) return;
        lock (into) into.Append(line).Append('\n');
        onLine?.Invoke(line);
    }
}
