using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// What <c>geoorch worker</c> writes into a redirected log: one line per event with a UTC
/// timestamp, short job ids, no escape sequences; and colour on a terminal unless NO_COLOR is set.
/// Real processes on an embedded SQLite file; the log a real file, as a container or service has it.
/// </summary>
public sealed partial class CliWorkerLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-workerlog-").FullName;

    private string Store => $"sqlite:{Path.Combine(_folder, "geo.db")}";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("TERM", "SIGTERM")]
    [InlineData("INT", "SIGINT (Ctrl+C)")]
    public async Task Worker_StoppedBySignalWhileATaskRuns_LogsEachEventOnATimestampedLineWithoutEscapes(string signal, string said)
    {
        var quick = await SubmitAsync("quick", 1);
        var held = await SubmitAsync("held", 600_000);
        var log = Path.Combine(_folder, "worker.log");
        File.WriteAllText(log, ""); // read before the shell may have opened it
        using var worker = StartRedirected(log, "--connection", Store, "worker", "--concurrency", "2", "--shutdown-grace", "0.5", "--poll-interval", "0.2");
        try
        {
            // The signal only once the held task runs: it must be handed back.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(File.ReadAllText(log).Contains($"Job {quick[..16]} ended", StringComparison.Ordinal) && await TaskStatusAsync(held) == "processing"))
            {
                if (DateTime.UtcNow > deadline || worker.HasExited) Assert.Fail($"The worker never ran both jobs:\n{File.ReadAllText(log)}");
                await Task.Delay(200);
            }
            using (var kill = Process.Start("kill", $"-{signal} {worker.Id}")!) await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await worker.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
        }

        var text = File.ReadAllText(log);
        Assert.True(worker.ExitCode == 0, text);
        Assert.DoesNotContain('\u001b', text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(TimestampedLine(), l));
        Assert.DoesNotMatch(FullJobId(), text);
        Assert.Contains(lines, l => l.Contains($" info Worker ", StringComparison.Ordinal) && l.Contains($" started: store {Store}; transport SQLite file", StringComparison.Ordinal) && l.EndsWith("; concurrency 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith($" info Job {quick[..16]} ended: completed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($" stop requested ({said})", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" info Handed back 1 task(s)", StringComparison.Ordinal));
        Assert.Matches(@" info Worker \S+ stopped after \d+ work item\(s\)$", lines[^1]);
        Assert.Equal("queued", await TaskStatusAsync(held));
    }

    [Fact]
    public async Task Worker_OnATerminal_ColoursTheLevelUnlessNoColorIsSet()
    {
        var coloured = await UnderTerminalAsync(noColor: null);
        var plain = await UnderTerminalAsync(noColor: "1");

        Assert.Contains("\u001b[32minfo\u001b[0m Worker ", coloured);
        Assert.Contains(" info Worker ", plain);
        // The terminal itself may be set up with escape sequences; none of them colours anything.
        Assert.DoesNotMatch(ColourSequence(), plain);
    }

    private async Task<string> UnderTerminalAsync(string? noColor)
    {
        // script(1) runs geoorch on a pseudo-terminal: stderr is a terminal, as in an interactive shell.
        var command = $"dotnet '{Geoorch.Executable}' --connection '{Store}' worker --exit-when-idle 0.3";
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor };
        using var script = StartProcess("script", environment, "-qfec", command, "/dev/null");
        var output = script.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await script.WaitForExitAsync(limit.Token);
        Assert.True(script.ExitCode == 0, await output);
        return await output;
    }

    private async Task<string> SubmitAsync(string label, int delayMs)
    {
        // A store on a named file is created only by deploying it (README: which commands create a store).
        if (!File.Exists(Path.Combine(_folder, "geo.db")))
        {
            var deploy = await Geoorch.RunAsync(["--connection", Store, "schema", "deploy"]);
            Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        }
        var submit = await Geoorch.RunAsync(["--connection", Store, "submit", "noop", "-p", "tasks=1", "-p", $"delay_ms={delayMs}",
            "-p", $"label={label}", "--output", "json"]);
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        return submit.Json["jobId"]!.GetValue<string>();
    }

    private async Task<string?> TaskStatusAsync(string jobId)
    {
        var tasks = await Geoorch.RunAsync(["--connection", Store, "job", "tasks", jobId, "--output", "json"]);
        return tasks.ExitCode == 0 ? tasks.Json.AsArray().Single()!["status"]!.GetValue<string>() : null;
    }

    /// <summary>geoorch with stdout and stderr redirected to a file by the shell, as a service manager does.</summary>
    private static Process StartRedirected(string log, params string[] arguments)
    {
        var command = $"exec dotnet '{Geoorch.Executable}' {string.Join(' ', arguments.Select(a => $"'{a}'"))} > '{log}' 2>&1";
        // Through python3, which resets SIGINT to its default first: a process started in the
        // background of a non-interactive shell (a CI script) inherits SIGINT ignored, and .NET then keeps ignoring it.
        return StartProcess("python3", null, "-c", DefaultSigint, "sh", "-c", command);
    }

    private static Process StartProcess(string file, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("GEO_CONNECTION");
        start.Environment.Remove("NO_COLOR");
        start.Environment["XDG_DATA_HOME"] = Geoorch.DataHome;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is not null) start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
    }

    private const string DefaultSigint = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit) \S")]
    private static partial Regex TimestampedLine();

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex FullJobId();

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex ColourSequence();
}
