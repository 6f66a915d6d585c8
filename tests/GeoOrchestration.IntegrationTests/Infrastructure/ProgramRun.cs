using System.Diagnostics;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>Runs a program to its end (the fixture's docker, bash, initdb and pg_ctl), with its output kept.</summary>
internal static class ProgramRun
{
    /// <summary>
    /// Runs <paramref name="file"/> in <paramref name="workingDirectory"/> (default: the temporary
    /// folder), killing it after <paramref name="timeout"/>; the output is stdout then stderr.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program is not installed.</exception>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s; killed. {stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
