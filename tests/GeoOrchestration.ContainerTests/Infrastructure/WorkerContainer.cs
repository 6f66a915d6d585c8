using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// One worker container, run detached from an image with its entrypoint as the image has it and
/// its configuration only in the environment. Not removed on exit (<c>--rm</c> would lose its exit
/// code and logs): the fixture removes every container of the run at the end.
/// </summary>
public sealed partial class WorkerContainer
{
    private readonly ContainerFixture _fixture;

    private WorkerContainer(ContainerFixture fixture, string name, string image)
    {
        _fixture = fixture;
        Name = name;
        Image = image;
    }

    public string Name { get; }

    public string Image { get; }

    /// <summary>The worker's id as its start line gives it (the lease owner it writes); null until it started.</summary>
    public string? WorkerId { get; private set; }

    /// <summary>
    /// <c>docker run -d</c> on the host's network (the test PostgreSQL listens on the host's loopback
    /// only), labelled for clean-up. <paramref name="dockerOptions"/> go before the image (health
    /// overrides, mounts); nothing goes after it, so the image's own entrypoint and command run.
    /// </summary>
    public static async Task<WorkerContainer> RunAsync(ContainerFixture fixture, string image, string role,
        IReadOnlyDictionary<string, string> environment, IEnumerable<string>? dockerOptions = null)
    {
        var name = fixture.NewName(role);
        var arguments = new List<string> { "run", "-d", "--name", name, "--network", "host" };
        arguments.AddRange(fixture.LabelOptions);
        foreach (var (key, value) in environment) arguments.AddRange(["-e", $"{key}={value}"]);
        arguments.AddRange(dockerOptions ?? []);
        arguments.Add(image);
        await DockerCommand.CheckedAsync(arguments);
        return new WorkerContainer(fixture, name, image);
    }

    /// <summary>Waits for the worker's start line and keeps its id; fails with the container's state and log when it does not come.</summary>
    public async Task<string> WaitStartedAsync(TimeSpan within)
    {
        string? id = null;
        await Waits.UntilAsync($"{Name} ({Image}) logs that its worker started", within, async () =>
        {
            var match = StartLine().Match(await LogsAsync());
            id = match.Success ? match.Groups["id"].Value : null;
            return id is not null;
        }, DescribeAsync);
        return WorkerId = id!;
    }

    /// <summary>Both streams of <c>docker logs</c>, stdout first (the worker writes its log to one of them).</summary>
    public async Task<string> LogsAsync()
    {
        var result = await DockerCommand.RunAsync(["logs", Name]);
        return result.Stdout + result.Stderr;
    }

    /// <summary>One field of <c>docker inspect</c>, by Go template (e.g. <c>{{.State.ExitCode}}</c>).</summary>
    public Task<string> InspectAsync(string template) => DockerCommand.CheckedAsync(["inspect", "--format", template, Name]);

    public async Task<bool> IsRunningAsync() => await InspectAsync("{{.State.Running}}") == "true";

    /// <summary>The Docker health status (<c>starting</c>, <c>healthy</c>, <c>unhealthy</c>), or empty when the image has no health check.</summary>
    public Task<string> HealthAsync() => InspectAsync("{{if .State.Health}}{{.State.Health.Status}}{{end}}");

    /// <summary>The last health probe the engine ran (<c>State.Health.Log</c>), or null when none ran or the image has no health check.</summary>
    public async Task<HealthProbeRun?> LastHealthProbeAsync()
    {
        var json = await InspectAsync("{{if .State.Health}}{{json .State.Health.Log}}{{end}}");
        return json.Length == 0 ? null : JsonSerializer.Deserialize<List<HealthProbeRun>>(json)?.LastOrDefault();
    }

    /// <summary><c>docker stop -t SECONDS</c>: SIGTERM (the image's STOPSIGNAL), SIGKILL after the bound; how long it took.</summary>
    public async Task<TimeSpan> StopAsync(int seconds)
    {
        var clock = Stopwatch.StartNew();
        await DockerCommand.CheckedAsync(["stop", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Name],
            TimeSpan.FromSeconds(seconds + 120));
        return clock.Elapsed;
    }

    /// <summary><c>docker kill</c>: SIGKILL, no chance to hand anything back.</summary>
    public Task KillAsync() => DockerCommand.CheckedAsync(["kill", Name]);

    /// <summary><c>docker rm -f -v</c>, once the test has what it needs from the container; a failure is left to the fixture's clean-up.</summary>
    public Task RemoveAsync() => DockerCommand.RunAsync(["rm", "-f", "-v", Name]);

    public async Task<int> ExitCodeAsync() => int.Parse(await InspectAsync("{{.State.ExitCode}}"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A command run inside the container (as the image's user, as <c>docker exec</c> does).</summary>
    public Task<ProcessRun.Result> ExecAsync(params string[] command) => DockerCommand.RunAsync(["exec", Name, .. command]);

    /// <summary>State, health and the last lines of the log, for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        var state = await DockerCommand.RunAsync(["inspect", "--format", "{{.State.Status}} exit={{.State.ExitCode}} health={{if .State.Health}}{{.State.Health.Status}}{{end}}", Name]);
        var probe = await LastHealthProbeAsync();
        var lastProbe = probe is null ? "" : $" last probe exit {probe.ExitCode}: {probe.Output.Trim()}";
        var logs = (await LogsAsync()).Split('\n');
        return $"--- {Name} ({Image}): {state.Output}{lastProbe}\n{string.Join('\n', logs.TakeLast(30))}";
    }

    public override string ToString() => $"{Name} ({Image})";

    // "<time> info Worker <id> started: store ..." (WorkerLogMessages.Started), from geoorch and Start-GeoWorker alike.
    [GeneratedRegex(@" info Worker (?<id>\S+) started: ")]
    private static partial Regex StartLine();
}
