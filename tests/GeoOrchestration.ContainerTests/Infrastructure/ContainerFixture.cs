using System.Globalization;
using GeoOrchestration.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// What every container test shares, once per run: a Docker engine that answers (else every test
/// fails saying how to get one: never a skip), the two worker images built by
/// <c>deploy/build-images.sh</c>, the test PostgreSQL, and a run id that labels everything the run
/// creates so that it is all removed at the end, when the tests pass or fail, and at process exit or
/// on a stopping signal if the runner is stopped first (<see cref="RunCleanup"/>).
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
    private readonly IMessageSink _sink;
    private readonly RunCleanup _cleanup;
    private int _names;

    public ContainerFixture(IMessageSink sink)
    {
        _sink = sink;
        TestRunMessages.Sink = sink;
        RunId = $"ct{DateTime.UtcNow:MMddHHmmss}{Random.Shared.Next(0x1000, 0xffff):x4}";
        // Armed before anything is created: a runner stopped mid-run still removes what this run made.
        _cleanup = new RunCleanup(RunId);
    }

    /// <summary>Names and labels this run's containers (and databases): <c>ct</c>, the time, 4 random hex digits.</summary>
    public string RunId { get; }

    /// <summary>The <c>--label</c> options every container of the run gets: the test label, the run, the owning process.</summary>
    public IReadOnlyList<string> LabelOptions => _cleanup.LabelOptions;

    public PostgresServer Server => PostgresServer.Instance;

    /// <summary>A line in the run's output (xunit diagnostic messages: dotnet test prints them), for the figures of the closing note.</summary>
    public void Say(string line) => _sink.OnMessage(new DiagnosticMessage($"[containers {RunId}] {line}"));

    public async Task InitializeAsync()
    {
        await CheckEngineAsync();
        if (await RunCleanup.RemoveAbandonedAsync() is var abandoned and > 0)
            Say($"removed {abandoned} container(s) left by test runs whose process died");
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
        _cleanup.Dispose();
        return Task.CompletedTask;
    }

    private static async Task CheckEngineAsync()
    {
        var version = await DockerCommand.RunAsync(["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(30));
        if (version.ExitCode == 0 && version.Stdout.Trim().Length > 0) return;
        throw new InvalidOperationException(
            $"No Docker engine answers (docker version: exit {version.ExitCode}: {version.Output}). The container tests need one: " +
            "install the engine and CLI (apt-get install docker.io), then start it with `bash tools/docker-engine.sh start` as root " +
            "(the README's test command does this itself), or point DOCKER_HOST at a running engine you may use.");
    }
}
