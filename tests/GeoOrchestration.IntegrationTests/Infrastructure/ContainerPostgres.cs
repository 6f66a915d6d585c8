using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL container (Testcontainers.PostgreSql) from <see cref="TestPostgresImage"/>,
/// with the settings of the binaries' test cluster, published on 127.0.0.1 only. Ryuk (Testcontainers'
/// reaper) is off: its image cannot be pulled here. Instead this process removes the container
/// (Remove, at the latest at process exit), the next test process removes containers whose process
/// died, and every container carries <c>org.geoorchestration.test=true</c>, so tools/docker-engine.sh
/// cleanup removes what a killed run left.
/// </summary>
internal sealed class ContainerPostgres : IOwnedPostgres
{
    public const string TestLabel = "org.geoorchestration.test";
    public const string PidLabel = "org.geoorchestration.test.pid";
    public const string HostLabel = "org.geoorchestration.test.host";
    private const ushort ServerPort = 5432;
    private const long ShmBytes = 256L * 1024 * 1024; // /dev/shm for parallel queries' dynamic shared memory; Docker's default is 64 MB
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly PostgreSqlContainer _container;
    private readonly string _image;

    private ContainerPostgres(PostgreSqlContainer container, string image, int port)
    {
        _container = container;
        _image = image;
        Port = port;
    }

    /// <summary>The container's id (docker inspect, docker logs).</summary>
    public string Id => _container.Id;

    /// <summary>The host port on 127.0.0.1 that reaches the server's 5432.</summary>
    public int Port { get; }

    // No password: the container trusts every login (POSTGRES_HOST_AUTH_METHOD=trust), as the
    // binaries' cluster does (initdb -A trust), so both paths give the tests the same connection string.
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Maximum Pool Size=40";

    public string Description => $"Testcontainers, image {_image}, 127.0.0.1:{Port} (container {Id[..12]})";

    /// <summary>
    /// Starts a container and waits until the server answers (the builder's own readiness check:
    /// pg_isready inside the container). <paramref name="fixedPort"/>: publish on a port chosen here
    /// rather than one Docker picks, so that a restart (stop, start) keeps it; a server of a test's
    /// own is started so, since its test restarts it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The image could not be built or the container did not become ready within 3 minutes (the message ends with its log).</exception>
    public static ContainerPostgres Start(bool fixedPort)
    {
        DockerCli.MatchApiVersion();
        // Ryuk is a container of an image (testcontainers/ryuk) no registry serves here.
        TestcontainersSettings.ResourceReaperEnabled = false;
        var image = TestPostgresImage.Name;
        TestPostgresImage.EnsureAvailable(image);
        RemoveAbandoned();
        var hostPort = fixedPort ? BinaryCluster.FreePort() : 0;
        var container = new PostgreSqlBuilder(image)
            .WithUsername("postgres")
            .WithPassword("postgres")
            .WithDatabase("postgres")
            .WithEnvironment("POSTGRES_HOST_AUTH_METHOD", "trust")
            // The builder already passes fsync=off, full_page_writes=off, synchronous_commit=off; the
            // binaries' cluster commits synchronously, and the later setting wins.
            .WithCommand("-c", "max_connections=300", "-c", "synchronous_commit=on")
            .WithPortBinding(hostPort, ServerPort)
            .WithLabel(TestLabel, "true")
            .WithLabel(PidLabel, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithLabel(HostLabel, Environment.MachineName)
            .WithCleanUp(false)
            .WithCreateParameterModifier(parameters =>
            {
                var host = parameters.HostConfig ??= new HostConfig();
                host.ShmSize = ShmBytes;
                // Loopback only (the tests' network rule); Testcontainers itself publishes on every interface.
                foreach (var binding in (host.PortBindings ?? new Dictionary<string, IList<PortBinding>>()).Values.SelectMany(b => b))
                    binding.HostIP = "127.0.0.1";
            })
            .Build();
        try
        {
            Wait(container.StartAsync);
        }
        catch (Exception e)
        {
            var log = string.IsNullOrEmpty(container.Id) ? "" : DockerCli.Run(["logs", "--tail", "30", container.Id], TimeSpan.FromSeconds(30)).Output;
            if (!string.IsNullOrEmpty(container.Id)) DockerCli.RemoveContainer(container.Id);
            throw new InvalidOperationException($"The PostgreSQL container ({image}) did not become ready: {e.Message}\n{log}", e);
        }
        return new ContainerPostgres(container, image, container.GetMappedPublicPort(ServerPort));
    }

    /// <summary>docker stop (the image's STOPSIGNAL, SIGINT: fast shutdown), then start on the same port and wait until ready.</summary>
    public void Restart()
    {
        Wait(_container.StopAsync);
        Wait(_container.StartAsync);
    }

    public void Remove() => DockerCli.RemoveContainer(Id);

    /// <summary>
    /// Containers of test processes on this machine that died without their exit clean-up (killed by
    /// a runner's timeout, say): removed, so repeated runs do not pile them up.
    /// </summary>
    private static void RemoveAbandoned()
    {
        var listed = DockerCli.Run(["ps", "--all", "--filter", $"label={PidLabel}", "--format", $"{{{{.ID}}}} {{{{.Label \"{PidLabel}\"}}}} {{{{.Label \"{HostLabel}\"}}}}"],
            TimeSpan.FromSeconds(30));
        if (listed.ExitCode != 0) return;
        foreach (var line in listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length == 3 && parts[2] == Environment.MachineName && int.TryParse(parts[1], out var pid) && !BinaryCluster.IsAlive(pid))
                DockerCli.RemoveContainer(parts[0]);
        }
    }

    // Testcontainers is asynchronous; the fixture is not (a Lazy singleton, process-exit handlers).
    // Task.Run keeps a test's synchronisation context out of the wait.
    private static void Wait(Func<CancellationToken, Task> operation)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        Task.Run(() => operation(timeout.Token)).GetAwaiter().GetResult();
    }
}
