using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Infrastructure;

/// <summary>
/// Azurite's blob service for the tests, started once per test run (an xunit collection fixture,
/// <see cref="AzuriteCollection"/>): <c>node .../azurite/dist/src/blob/main.js</c> in the foreground as a child
/// process, on 127.0.0.1 and a free port, with a temporary <c>--location</c>, serving the well-known
/// <c>devstoreaccount1</c>. Killed, and its folder removed, when the run ends (and at process exit).
/// </summary>
/// <remarks>
/// Started with <c>--skipApiVersionCheck</c>: Azure.Storage.Blobs 12.30.1 sends x-ms-version 2026-10-06, newer than
/// the newest version Azurite 3.37.0 knows, which it otherwise refuses with 400 InvalidHeaderValue on every request.
/// The blob operations the tests use are all older than Azurite's newest version.
/// </remarks>
public sealed class AzuriteServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <param name="messages">xunit's diagnostic sink: the line naming the Azurite in use shows in dotnet test's output.</param>
    public AzuriteServer(Xunit.Abstractions.IMessageSink messages)
    {
        var script = AzuriteInstall.BlobScript();
        Location = Directory.CreateTempSubdirectory("geoorch-azurite-").FullName;
        // A free port, then Azurite binds it: another process could take it between the two, so a few tries.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var start = new ProcessStartInfo(AzuriteInstall.Node)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Location,
            };
            foreach (var argument in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--location", Location,
                "--skipApiVersionCheck", "--disableTelemetry", "--silent" })
                start.ArgumentList.Add(argument);
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) => Keep(e.Data, listening);
            process.ErrorDataReceived += (_, e) => Keep(e.Data, listening);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            var first = Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90))).GetAwaiter().GetResult();
            if (first == listening.Task)
            {
                _process = process;
                break;
            }
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            if (attempt == 3)
                throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1:{Port}:\n{_output}");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        messages.OnMessage(new Xunit.Sdk.DiagnosticMessage($"Azurite {AzuriteInstall.Version} for the blob tests: {BlobEndpoint} (pid {_process.Id}, location {Location})"));
    }

    /// <summary>The port Azurite's blob service listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Azurite's workspace (a temporary folder).</summary>
    public string Location { get; }

    /// <summary>The blob endpoint, path-style: <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{BlobConnectionString.DevelopmentAccount}");

    /// <summary>A connection string for the development account with its well-known key, through <paramref name="endpoint"/> (default Azurite itself).</summary>
    public string ConnectionString(Uri? endpoint = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={BlobConnectionString.DevelopmentAccount};AccountKey={BlobConnectionString.DevelopmentKey};" +
        $"BlobEndpoint={endpoint ?? BlobEndpoint};";

    /// <summary>The environment of a process using Azurite (<c>AZURE_STORAGE_CONNECTION_STRING</c>), for child processes.</summary>
    public Dictionary<string, string?> ChildEnvironment(Uri? endpoint = null) => new()
    {
        [BlobEnvironment.ConnectionStringVariable] = ConnectionString(endpoint),
        [BlobEnvironment.AccountVariable] = null,
    };

    /// <summary>Blob Storage on Azurite (or <paramref name="endpoint"/> in front of it) with short retry delays (tests only: the service behaves the same).</summary>
    public BlobStorage Storage(Uri? endpoint = null, int maxRetries = 5, int blockBytes = 8 * 1024 * 1024) => new(new BlobStorageOptions
    {
        Environment = BlobEnvironment.Of(new Dictionary<string, string> { [BlobEnvironment.ConnectionStringVariable] = ConnectionString(endpoint) }),
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        NetworkTimeout = TimeSpan.FromSeconds(60),
        BlockBytes = blockBytes,
    });

    /// <summary>A service client with the well-known key, for arranging and checking what the tests' code did.</summary>
    public BlobServiceClient Service() => new(ConnectionString());

    /// <summary>A new container with a unique name, for one test.</summary>
    public BlobContainerClient NewContainer(string hint = "t")
    {
        var container = Service().GetBlobContainerClient($"{hint}-{Guid.NewGuid():N}"[..Math.Min(63, hint.Length + 33)]);
        container.Create();
        return container;
    }

    /// <summary>An <c>az://</c> location text for a container (and prefix) on Azurite.</summary>
    public static string Az(string container, string rest = "") => $"az://{container}{(rest.Length == 0 ? "" : "/" + rest)}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Keep(string? line, TaskCompletionSource listening)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains("successfully listens", StringComparison.OrdinalIgnoreCase)) listening.TrySetResult();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
