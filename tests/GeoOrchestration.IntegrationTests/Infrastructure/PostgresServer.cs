using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against: <c>GEO_TEST_PG</c> when set, otherwise a throwaway cluster
/// started once per test process from the installed server binaries and removed at exit. It never
/// skips: a machine without PostgreSQL fails the run with a message saying what to install.
/// Tests that disrupt the server (restart it) take a cluster of their own from <see cref="StartPrivate"/>.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string ConnectionVariable = "GEO_TEST_PG";

    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _directory;
    private readonly string? _binaries;
    private readonly bool _isPrivate;
    private int _stopped;

    private PostgresServer(string connectionString, string? directory, string? binaries, bool isPrivate = false)
    {
        ConnectionString = connectionString;
        _directory = directory;
        _binaries = binaries;
        _isPrivate = isPrivate;
    }

    public static PostgresServer Instance => Shared.Value;

    public string ConnectionString { get; }

    /// <summary>True when this process started the cluster (and so may restart it).</summary>
    public bool IsOwned => _directory is not null;

    private static PostgresServer Start()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(given)) return new PostgresServer(given, null, null);
        return StartCluster(FindBinaries(), isPrivate: false);
    }

    /// <summary>
    /// Starts a cluster of its own (data directory and port) for a test that must disrupt the server,
    /// e.g. restart it, without breaking the test classes that share <see cref="Instance"/>. Dispose
    /// stops and deletes it; so does process exit, if the test forgets. It always needs the local
    /// server binaries, even when <c>GEO_TEST_PG</c> is set: a server the tests do not own cannot be restarted.
    /// </summary>
    public static PostgresServer StartPrivate()
    {
        string binaries;
        try
        {
            binaries = FindBinaries();
        }
        catch (InvalidOperationException e) when (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 })
        {
            throw new InvalidOperationException(
                $"This test needs a PostgreSQL cluster of its own, which {ConnectionVariable} cannot give (the tests may not restart a server they do not own), " +
                "and no server binaries were found to start one: install them (apt-get install postgresql) or set GEO_PG_BIN to the directory holding initdb and pg_ctl.", e);
        }
        return StartCluster(binaries, isPrivate: true);
    }

    private static PostgresServer StartCluster(string binaries, bool isPrivate)
    {
        RemoveAbandoned(binaries);
        var directory = Path.Combine(Path.GetTempPath(), $"geoorch-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", ["postgres", directory], null);
        var port = FreePort();
        Run(Path.Combine(binaries, "initdb"), ["-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"], asRoot);
        // Tests need no crash durability from the test cluster itself; fsync off keeps them fast.
        var settings = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300";
        Run(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "log"), "-w", "-t", "60", "-o", settings, "start"], asRoot);
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=40", directory, binaries, isPrivate);
        AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
        return server;
    }

    /// <summary>
    /// Clusters whose test process died (killed by a runner's timeout, say) never ran their exit
    /// clean-up: stop them and delete their folders, so repeated runs do not fill the disk.
    /// </summary>
    private static void RemoveAbandoned(string binaries)
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "geoorch-test-pg-*"))
        {
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length < 5 || !int.TryParse(parts[3], out var pid) || IsAlive(pid)) continue;
            try
            {
                if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
                    Run(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-m", "immediate", "stop"], Environment.UserName == "root");
            }
            catch (InvalidOperationException)
            {
                // Already stopped: only the folder is left.
            }
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsAlive(int pid)
    {
        try { return !System.Diagnostics.Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Restarts the owned cluster (<c>pg_ctl restart</c>), dropping every connection.</summary>
    public void Restart()
    {
        if (!IsOwned) throw new InvalidOperationException("Only a cluster started by the tests can be restarted.");
        // -l as at start: without it the new postmaster would log into this process's pipe.
        Run(Path.Combine(_binaries!, "pg_ctl"), ["-D", Path.Combine(_directory!, "data"), "-l", Path.Combine(_directory!, "log"), "-w", "-t", "60", "-m", "fast", "restart"],
            Environment.UserName == "root");
    }

    /// <summary>Stops and deletes a cluster from <see cref="StartPrivate"/>. The shared <see cref="Instance"/> ignores it: it lives until process exit.</summary>
    public void Dispose()
    {
        if (!_isPrivate) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        if (_directory is null || Interlocked.Exchange(ref _stopped, 1) == 1) return;
        try
        {
            Run(Path.Combine(_binaries!, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop"], Environment.UserName == "root");
        }
        catch (Exception)
        {
            // Stopping is best effort; the directory is removed either way.
        }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    private static string FindBinaries()
    {
        var overridden = Environment.GetEnvironmentVariable("GEO_PG_BIN");
        var candidates = overridden is not null
            ? [overridden]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderByDescending(d => d, StringComparer.Ordinal).ToArray()
                : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException(
                $"No PostgreSQL server binaries found (looked in {(candidates.Length == 0 ? "/usr/lib/postgresql/*/bin" : string.Join(", ", candidates))}). " +
                $"Install them (apt-get install postgresql) or set {ConnectionVariable} to a server the tests may use.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] arguments, bool? asPostgres)
    {
        var start = asPostgres == true
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
    }
}
