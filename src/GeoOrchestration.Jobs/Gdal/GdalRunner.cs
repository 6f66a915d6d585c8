using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// Runs GDAL's command-line tools as child processes: arguments as a list (never through a shell,
/// so a file name is never interpreted), stdout and stderr captured, a failure mapped to the
/// engine's taxonomy (<see cref="GdalFailure"/>), cancellation killing the whole process tree.
/// On Linux, where <c>setpriv</c> (util-linux) is on the search path, a tool also dies with this
/// process: a worker killed alone (SIGKILL, the OOM killer) would otherwise leave GDAL running as an
/// orphan, writing into a destination that the job's end has already swept (a closed stdout pipe
/// cannot stop it: children of .NET inherit SIGPIPE ignored).
/// Thread-safe; one instance serves every handler.
/// </summary>
public sealed class GdalRunner
{
    private readonly ConcurrentDictionary<string, string> _located = new(StringComparer.Ordinal);

    /// <param name="searchPath">Folders to find the tools in, separated as in PATH; null (the default) for this process's PATH.</param>
    public GdalRunner(string? searchPath = null)
    {
        SearchPath = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        _deathSignal = OperatingSystem.IsLinux() ? Find(SearchPath, "setpriv") : null;
    }

    // setpriv, which sets the parent-death signal and execs the tool (same pid); null where there is none.
    private readonly string? _deathSignal;

    /// <summary>The runner the built-in job types use: tools from this process's PATH.</summary>
    public static GdalRunner Default { get; } = new();

    /// <summary>The folders tools are looked up in, as in PATH.</summary>
    public string SearchPath { get; }

    /// <summary>
    /// The full path of <paramref name="tool"/> (e.g. <c>gdalinfo</c>). Throws a
    /// <see cref="Errors.GeoConfigurationException"/> (<see cref="GdalFailure.NotFoundId"/>) when it is
    /// not installed. A found tool is remembered; a missing one is looked for again next time, so
    /// installing GDAL under a running worker helps.
    /// </summary>
    public string Locate(string tool)
    {
        if (_located.TryGetValue(tool, out var known)) return known;
        return Find(SearchPath, tool) is { } found ? _located[tool] = found : throw GdalFailure.NotFound(tool, SearchPath);
    }

    private static string? Find(string searchPath, string tool)
    {
        foreach (var folder in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? tool + ".exe" : tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="arguments"/> and returns its output when it
    /// exits with 0. A non-zero exit throws <see cref="GdalPermanentException"/> or
    /// <see cref="GdalTransientException"/> carrying GDAL's ERROR lines; cancellation kills the
    /// process and its children, waits for them to exit, and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="subject">What the run is about, for messages (usually the input file).</param>
    /// <param name="standardInput">Text written to the tool's stdin (gdaltransform reads coordinates there); stdin is closed after it.</param>
    public async Task<GdalRunResult> RunAsync(string tool, IEnumerable<string> arguments, string subject,
        CancellationToken cancellationToken, string? standardInput = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var executable = Locate(tool);
        var start = new ProcessStartInfo(_deathSignal ?? executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        // KILL when the starting thread (ToolStarter's, which lives as long as this process) exits.
        if (_deathSignal is not null)
        {
            start.ArgumentList.Add("--pdeathsig");
            start.ArgumentList.Add("KILL");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(executable);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Diagnostics in the one form GdalMessage parses, whatever the caller's environment says.
        start.Environment["CPL_DEBUG"] = "OFF";

        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            await ToolStarter.StartAsync(process);
        }
        catch (Win32Exception e)
        {
            // Removed since it was located: say so the same way.
            _located.TryRemove(tool, out _);
            throw GdalFailure.NotFound(tool, SearchPath, e);
        }
        string output, error;
        using (cancellationToken.Register(() => Kill(process)))
        {
            var reading = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var readingErrors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            await WriteInputAsync(process, standardInput);
            output = await reading;
            error = await readingErrors;
            await process.WaitForExitAsync(CancellationToken.None);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0 && _deathSignal is not null && !File.Exists(executable))
        {
            // Removed since it was located, and setpriv could not exec it: say so as without setpriv.
            _located.TryRemove(tool, out _);
            throw GdalFailure.NotFound(tool, SearchPath);
        }
        if (process.ExitCode != 0) throw GdalFailure.From(tool, subject, process.ExitCode, error);
        return new GdalRunResult(tool, output, error, GdalMessage.Parse(error), watch.Elapsed);
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null) await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading all of it (killed, or failed early): its exit code tells.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
