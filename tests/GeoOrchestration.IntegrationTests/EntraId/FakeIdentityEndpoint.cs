using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace GeoOrchestration.IntegrationTests.EntraId;

/// <summary>
/// A managed identity endpoint on 127.0.0.1, of the App Service kind that Azure.Identity finds through
/// <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c>: a real <c>geoorch</c> process started with
/// <see cref="Environment"/> and <c>--credential managed-identity</c> gets its tokens here. It hands out
/// <see cref="Token"/> (the test makes it the role's password) and records every request.
/// </summary>
public sealed class FakeIdentityEndpoint : IDisposable
{
    private const string Header = "test-identity-header";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _resources = new();
    private readonly Task _serving;

    public FakeIdentityEndpoint(string token)
    {
        Token = token;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/msi/token/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    /// <summary>The token every request gets.</summary>
    public string Token { get; set; }

    /// <summary>The <c>resource</c> of every request, in order.</summary>
    public IReadOnlyList<string> Resources => [.. _resources];

    /// <summary>The variables that point Azure.Identity's managed identity credential here.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["IDENTITY_ENDPOINT"] = Url,
        ["IDENTITY_HEADER"] = Header,
    };

    /// <summary>Variables that point the credential at a closed port: no token can be had.</summary>
    public static IReadOnlyDictionary<string, string?> Unreachable => new Dictionary<string, string?>
    {
        ["IDENTITY_ENDPOINT"] = $"http://127.0.0.1:{FreePort()}/msi/token/",
        ["IDENTITY_HEADER"] = Header,
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var resource = context.Request.QueryString["resource"] ?? "";
            _resources.Enqueue(resource);
            var authorized = context.Request.Headers["X-IDENTITY-HEADER"] == Header;
            context.Response.StatusCode = authorized ? 200 : 401;
            context.Response.ContentType = "application/json";
            var body = JsonSerializer.SerializeToUtf8Bytes(authorized
                ? new Dictionary<string, string>
                {
                    ["access_token"] = Token,
                    ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["resource"] = resource,
                    ["token_type"] = "Bearer",
                }
                : new Dictionary<string, string> { ["error"] = "unauthorized" });
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
