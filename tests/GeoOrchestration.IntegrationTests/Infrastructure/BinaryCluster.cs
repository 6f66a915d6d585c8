using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway cluster from the installed server binaries: initdb into a temporary folder, pg_ctl
/// start on a free loopback port (as the postgres user when the tests run as root).
/// </summary>
internal sealed class BinaryCluster : IOwnedPostgres
{
    private readonly string _directory;
    private readonly string _binaries;
    private readonly int _port;

    private BinaryCluster(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Maximum Pool Size=40";

    public string Description => $"installed binaries {_binaries}, 127.0.0.1:{_port}";

    public static BinaryCluster Start(string binaries)
    {
        RemoveAbandoned(binaries);
        var directory = Path.Combine(Path.GetTempPath(), $"geoorch-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", ["postgres", directory], null);
        var port = FreePort();
        Run(Path.Combine(binaries, "initdb"), ["-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"], asRoot);
        // Tests need no crash durability from the test cluster itself; fsync off keeps them fast.
        Run(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "log"), "-w", "-t", "60", "-o", Settings(port, directory), "start"], asRoot);
        return new BinaryCluster(directory, binaries, port);
    }

    private static string Settings(int port, string directory) =>
        $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300";

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

    internal static bool IsAlive(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>pg_ctl restart -m fast.</summary>
    public void Restart()
    {
        // -l as at start: without it the new postmaster would log into this process's pipe.
        Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "-m", "fast", "restart"],
            Environment.UserName == "root");
    }

    /// <summary>pg_ctl stop -m fast: the port then refuses connections until <see cref="StartAgain"/>.</summary>
    public void Stop() =>
        Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-w", "-t", "60", "-m", "fast", "stop"], Environment.UserName == "root");

    /// <summary>pg_ctl start after <see cref="Stop"/>, with the options of the first start (given again: pg_ctl start does not reuse them).</summary>
    public void StartAgain() =>
        Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "-o", Settings(_port, _directory), "start"],
            Environment.UserName == "root");

    public void Remove()
    {
        try
        {
            Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop"], Environment.UserName == "root");
        }
        catch (Exception)
        {
            // Stopping is best effort; the directory is removed either way.
        }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The newest /usr/lib/postgresql/*/bin holding initdb, or GEO_PG_BIN.</summary>
    /// <exception cref="InvalidOperationException">None found; the message says what to install.</exception>
    public static string FindBinaries()
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
                $"Install them (apt-get install postgresql), start a Docker engine (the tests then run PostgreSQL in a container), " +
                $"or set {PostgresEnvironment.ConnectionVariable} to a server the tests may use.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] arguments, bool? asPostgres)
    {
        var (exitCode, output) = asPostgres == true
            ? ProgramRun.Run("runuser", ["-u", "postgres", "--", file, .. arguments], TimeSpan.FromMinutes(2))
            : ProgramRun.Run(file, arguments, TimeSpan.FromMinutes(2));
        if (exitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({exitCode}): {output}");
    }
}
