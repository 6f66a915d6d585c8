using Npgsql;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against, chosen by <see cref="PostgresPathChooser"/>: <c>GEO_TEST_PG</c>
/// when set; otherwise a throwaway container (Testcontainers, image <c>GEO_TEST_PG_IMAGE</c>) when a
/// Docker engine answers; otherwise a throwaway cluster from the installed server binaries.
/// <c>GEO_TEST_PG_MODE</c> forces one. A server the tests start is started once per test process
/// and removed at exit. It never skips: a machine with none of the three fails the run with a
/// message saying what to install. The choice is said in one line (<see cref="Announcement"/>).
/// Tests that disrupt the server (restart it) take one of their own from <see cref="StartPrivate"/>.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string ConnectionVariable = PostgresEnvironment.ConnectionVariable;

    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly IOwnedPostgres? _owned;
    private readonly bool _isPrivate;
    private int _stopped;

    private PostgresServer(PostgresPath path, string connectionString, IOwnedPostgres? owned, bool isPrivate)
    {
        Path = path;
        ConnectionString = connectionString;
        _owned = owned;
        _isPrivate = isPrivate;
    }

    public static PostgresServer Instance => Shared.Value;

    public PostgresPath Path { get; }

    public string ConnectionString { get; }

    /// <summary>True when this process started the server (and so may restart it).</summary>
    public bool IsOwned => _owned is not null;

    /// <summary>The container's id on the Testcontainers path; null on the others.</summary>
    public string? ContainerId => (_owned as ContainerPostgres)?.Id;

    /// <summary>Which path, and where: "PostgreSQL for the tests: Testcontainers, image geoorchestration/postgres:15, 127.0.0.1:32771 (container ...)".</summary>
    public string Announcement => $"PostgreSQL for the tests{(_isPrivate ? " (a server of the test's own)" : "")}: " +
        (_owned?.Description ?? $"{ConnectionVariable} ({new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.Host})");

    private static PostgresServer Start()
    {
        var path = PostgresPathChooser.ChooseShared(PostgresEnvironment.Current());
        var server = path == PostgresPath.Given
            ? new PostgresServer(path, Environment.GetEnvironmentVariable(ConnectionVariable)!, null, isPrivate: false)
            : StartOwned(path, isPrivate: false);
        TestRunMessages.Announce(server.Announcement);
        return server;
    }

    /// <summary>
    /// Starts a server of its own (a container, or a cluster with its own data directory and port)
    /// for a test that must disrupt the server, e.g. restart it, without breaking the test classes
    /// that share <see cref="Instance"/>. Dispose stops and removes it; so does process exit, if the
    /// test forgets. <c>GEO_TEST_PG</c> cannot give one (a server the tests do not own cannot be
    /// restarted): with it set, the engine or the binaries do.
    /// </summary>
    public static PostgresServer StartPrivate()
    {
        var path = PostgresPathChooser.ChoosePrivate(PostgresEnvironment.Current());
        try
        {
            var server = StartOwned(path, isPrivate: true);
            TestRunMessages.Announce(server.Announcement);
            return server;
        }
        catch (InvalidOperationException e) when (path == PostgresPath.Binaries && Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 })
        {
            throw new InvalidOperationException(
                $"This test needs a PostgreSQL server of its own, which {ConnectionVariable} cannot give (the tests may not restart a server they do not own), " +
                "and neither a Docker engine nor server binaries were found to start one: start an engine, install the binaries (apt-get install postgresql) " +
                "or set GEO_PG_BIN to the directory holding initdb and pg_ctl.", e);
        }
    }

    private static PostgresServer StartOwned(PostgresPath path, bool isPrivate)
    {
        IOwnedPostgres owned = path == PostgresPath.Testcontainers
            ? ContainerPostgres.Start(fixedPort: isPrivate)
            : BinaryCluster.Start(BinaryCluster.FindBinaries());
        var server = new PostgresServer(path, owned.ConnectionString, owned, isPrivate);
        AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
        return server;
    }

    /// <summary>Restarts the owned server (fast shutdown, then start), dropping every connection; <see cref="ConnectionString"/> stays valid.</summary>
    public void Restart()
    {
        if (_owned is null) throw new InvalidOperationException("Only a server started by the tests can be restarted.");
        _owned.Restart();
    }

    /// <summary>Stops and removes a server from <see cref="StartPrivate"/>. The shared <see cref="Instance"/> ignores it: it lives until process exit.</summary>
    public void Dispose()
    {
        if (!_isPrivate) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        if (_owned is null || Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _owned.Remove();
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);
}
