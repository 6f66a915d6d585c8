using System.Globalization;
using GeoOrchestration.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// What every container test shares, once per run: a Docker engine that answers (else every test
/// fails saying how to get one: never a skip), the two worker images built by
/// <c>deploy/build-images.sh</c>, the test PostgreSQL, and a run id that labels everything the run
/// creates so that it is all removed at the end, when the tests pass or fail, and at process exit if
/// the runner is stopped first.
/// </summary>
/// <remarks>
/// PostgreSQL: the integration tests' own server (<see cref="PostgresServer"/>, linked), which listens
/// on the host's loopback only (the installed server binaries on 127.0.0.1, or a Testcontainers
/// PostgreSQL published on 127.0.0.1), and the workers run with <c>--network host</c> to reach it.
/// Chosen over a network of the test's own with a PostgreSQL container because it keeps the container
/// tests on exactly the server, start-up and clean-up the PostgreSQL tests use here and in CI, needs
/// no third image, and lets a test stop a server of its own (the health test) with the same code.
/// The database is reachable from nowhere but this machine either way.
/// </remarks>
public sealed class ContainerFixture : IAsyncLifetime
{
    public const string TestLabel = "org.geoorchestration.test";
    public const string RunLabel = "org.geoorchestration.test.run";

    private readonly IMessageSink _sink;
    private int _names;
    private int _removed;

    public ContainerFixture(IMessageSink sink)
    {
        _sink = sink;
        RunId = $"ct{DateTime.UtcNow:MMddHHmmss}{Random.Shared.Next(0x1000, 0xffff):x4}";
        // Registered before anything is created: a runner stopped mid-run still removes what this run made.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Names and labels this run's containers (and databases): <c>ct</c>, the time, 4 random hex digits.</summary>
    public string RunId { get; }

    /// <summary>The <c>--label</c> options every container of the run gets (the second names the run, for its clean-up).</summary>
    public IReadOnlyList<string> LabelOptions => ["--label", $"{TestLabel}=true", "--label", $"{RunLabel}={RunId}"];

    public PostgresServer Server => PostgresServer.Instance;

    /// <summary>A line in the run's output (xunit diagnostic messages: dotnet test prints them), for the figures of the closing note.</summary>
    public void Say(string line) => _sink.OnMessage(new DiagnosticMessage($"[containers {RunId}] {line}"));

    public async Task InitializeAsync()
    {
        await CheckEngineAsync();
        await ImageBuild.RunAsync(Say, ("geoorch", ContainerImages.Geoorch), ("powershell", ContainerImages.PowerShell));
        Say($"PostgreSQL for the containers: {new Npgsql.NpgsqlConnectionStringBuilder(Server.ConnectionString) { Password = null }.ConnectionString}");
    }

    /// <summary>A name of this run for a container or database: <c>{run id}-{n}-{role}</c>.</summary>
    public string NewName(string role) =>
        $"{RunId}-{Interlocked.Increment(ref _names).ToString(CultureInfo.InvariantCulture)}-{role}";

    /// <summary>A database of its own on the test PostgreSQL (or on <paramref name="server"/>), the schema deployed.</summary>
    public Task<TestDatabase> CreateDatabaseAsync(string role, PostgresServer? server = null) =>
        TestDatabase.CreateAsync(server ?? Server, NewName(role).Replace('-', '_'));

    public Task DisposeAsync()
    {
        RemoveEverything();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        return Task.CompletedTask;
    }

    private static async Task CheckEngineAsync()
    {
        var version = await DockerCli.RunAsync(["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(30));
        if (version.ExitCode == 0 && version.Stdout.Trim().Length > 0) return;
        throw new InvalidOperationException(
            $"No Docker engine answers (docker version: exit {version.ExitCode}: {version.Output}). The container tests need one: " +
            "install the engine and CLI (apt-get install docker.io), then start it with `bash tools/docker-engine.sh start` as root " +
            "(the README's test command does this itself), or point DOCKER_HOST at a running engine you may use.");
    }

    private void OnProcessExit(object? sender, EventArgs e) => RemoveEverything();

    /// <summary>Removes this run's containers (and their anonymous volumes), and nothing of any other run or user.</summary>
    private void RemoveEverything()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1) return;
        try
        {
            var listed = DockerCli.Run(["ps", "-aq", "--filter", $"label={RunLabel}={RunId}"], TimeSpan.FromSeconds(60));
            var ids = listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ids.Length > 0) DockerCli.Run(["rm", "-f", "-v", .. ids], TimeSpan.FromMinutes(2));
        }
        catch (Exception)
        {
            // Best effort at exit; tools/docker-engine.sh cleanup removes every labelled container after the suite.
        }
    }
}
