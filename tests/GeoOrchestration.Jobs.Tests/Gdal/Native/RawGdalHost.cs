using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>
/// A real GDAL host process spoken to over its raw protocol (not through the worker's client, GdalHostPool): <c>dotnet GeoOrchestration.GdalHost.dll --parent PID</c>
/// from the test output (where the project reference puts it), started from ToolStarter's thread as
/// the worker starts it, stdin and stdout as pipes, stderr collected. Disposing closes its stdin and
/// waits for it; a host that does not exit then is killed.
/// </summary>
internal sealed class RawGdalHost : IAsyncDisposable
{
    // No assertion waits on this: it only turns a host that never answers into a failed test rather than a hung run.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly StringBuilder _errors = new();
    private long _nextId;

    private RawGdalHost(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>The host's first line.</summary>
    public GdalHostHello Hello { get; private set; } = new();

    /// <summary>What the host wrote on stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    public static string HostAssembly => Path.Combine(AppContext.BaseDirectory, "GeoOrchestration.GdalHost.dll");

    /// <summary>The dotnet muxer of the runtime running the tests.</summary>
    public static string Muxer => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));

    /// <summary>Starts a host and reads its hello (unless <paramref name="readHello"/> is false).</summary>
    /// <param name="parent">The pid passed as --parent; this process's by default.</param>
    public static async Task<RawGdalHost> StartAsync(IReadOnlyDictionary<string, string>? environment = null,
        int? parent = null, bool readHello = true)
    {
        var start = new ProcessStartInfo(Muxer)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = GdalHostJson.Encoding,
            StandardOutputEncoding = GdalHostJson.Encoding,
        };
        start.ArgumentList.Add(HostAssembly);
        start.ArgumentList.Add("--parent");
        start.ArgumentList.Add((parent ?? Environment.ProcessId).ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["CPL_DEBUG"] = "OFF";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var host = new RawGdalHost(new Process { StartInfo = start });
        host.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (host._errors) host._errors.AppendLine(e.Data);
        };
        await ToolStarter.StartAsync(host.Process);
        host.Process.BeginErrorReadLine();
        host.Process.StandardInput.NewLine = "\n";
        if (!readHello) return host;
        var hello = await host.ReadLineAsync() ?? throw new InvalidOperationException($"The host wrote no hello. stderr: {host.StandardError}");
        host.Hello = GdalHostJson.Read<GdalHostHello>(hello);
        return host;
    }

    /// <summary>Sends <paramref name="request"/> (numbered here) and reads its response.</summary>
    public async Task<GdalHostResponse> SendAsync(GdalHostRequest request)
    {
        var response = GdalHostJson.Read<GdalHostResponse>(await SendLineAsync(GdalHostJson.Line(request with { Id = ++_nextId })));
        if (response.Id != _nextId) throw new InvalidOperationException($"Response {response.Id} to request {_nextId}.");
        return response;
    }

    /// <summary>Sends one raw line and reads one line back.</summary>
    public async Task<string> SendLineAsync(string line)
    {
        await Process.StandardInput.WriteLineAsync(line);
        await Process.StandardInput.FlushAsync();
        return await ReadLineAsync() ?? throw new InvalidOperationException($"The host closed its stdout. stderr: {StandardError}");
    }

    public async Task<string?> ReadLineAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        return await Process.StandardOutput.ReadLineAsync(patience.Token);
    }

    /// <summary>Closes its stdin and waits for it to exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        try
        {
            Process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        using var patience = new CancellationTokenSource(Patience);
        await Process.WaitForExitAsync(patience.Token);
        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Process.HasExited) await StopAsync();
        }
        catch (OperationCanceledException)
        {
            Process.Kill();
        }
        finally
        {
            Process.Dispose();
        }
    }
}
