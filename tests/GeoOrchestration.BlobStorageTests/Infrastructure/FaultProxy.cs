using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.BlobStorageTests.Infrastructure;

/// <summary>
/// A small HTTP proxy in front of Azurite that answers chosen requests with a fault (503 ServerBusy with
/// <c>Retry-After</c>, or 500 InternalError) or delays them (for a time, or until the test lets them
/// go: <see cref="Fault.Until"/>), forwards the rest unchanged, and records every request
/// with what it did. Point a connection string's <c>BlobEndpoint</c> at <see cref="Endpoint"/>: Shared Key signatures
/// cover the path and headers, not the host, so forwarded requests verify at Azurite.
/// </summary>
/// <remarks>
/// Own code on Kestrel (part of the installed ASP.NET Core) rather than a proxy library: no reverse-proxy package is
/// served here, and what a test needs (fault the Nth request or those matching a predicate, count, delay) is a
/// hundred lines; a general proxy would hide that behind configuration.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private readonly List<FaultRule> _rules = [];
    private readonly List<ProxiedRequest> _log = [];
    private int _requests;
    private int _held;

    private FaultProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Starts a proxy on 127.0.0.1 (a free port) forwarding to <paramref name="target"/>'s host and port.</summary>
    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
            k.AllowSynchronousIO = false;
        });
        var app = builder.Build();
        var proxy = new FaultProxy(app, target);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>The proxy's blob endpoint for the development account: <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</summary>
    public Uri Endpoint => new($"{_app.Urls.First().TrimEnd('/')}{_target.AbsolutePath}");

    /// <summary>Faults the requests <paramref name="matches"/> picks, at most <paramref name="times"/> of them (null: all).</summary>
    public FaultProxy Fault(Func<ProxiedRequest, bool> matches, Fault fault, int? times = null)
    {
        lock (_rules) _rules.Add(new FaultRule(matches, fault, times));
        return this;
    }

    /// <summary>Faults the Nth request the proxy receives (1-based, counting every request).</summary>
    public FaultProxy FaultNth(int n, Fault fault) => Fault(r => r.Number == n, fault, 1);

    /// <summary>Every request so far, in arrival order, with what the proxy did.</summary>
    public IReadOnlyList<ProxiedRequest> Requests
    {
        get { lock (_log) return _log.ToList(); }
    }

    /// <summary>How many requests are waiting now for the task of their <see cref="Fault.Until"/> (recorded only when let go).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>How many requests were answered with a fault.</summary>
    public int Injected => Requests.Count(r => r.InjectedStatus is not null);

    /// <summary>How many requests were forwarded to Azurite.</summary>
    public int Forwarded => Requests.Count(r => r.InjectedStatus is null);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = new ProxiedRequest(Interlocked.Increment(ref _requests), context.Request.Method,
            context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "");
        Fault? fault = null;
        lock (_rules)
            foreach (var rule in _rules)
                if (rule.Remaining is not 0 && rule.Matches(request))
                {
                    rule.Remaining--;
                    fault = rule.Fault;
                    break;
                }
        if (fault?.Delay is { } delay) await Task.Delay(delay);
        if (fault?.Until is { } release)
        {
            Interlocked.Increment(ref _held);
            try
            {
                // A client that gives up (its network timeout) ends the wait; its retry is held again.
                await release.WaitAsync(context.RequestAborted);
            }
            finally
            {
                Interlocked.Decrement(ref _held);
            }
        }
        if (fault is { Status: { } status })
        {
            // The service's shape of a fault: the status, its error code in the header and the body, a Retry-After.
            var code = status == 503 ? "ServerBusy" : "InternalError";
            context.Response.StatusCode = status;
            context.Response.Headers["x-ms-error-code"] = code;
            if (status == 503) context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString();
            context.Response.ContentType = "application/xml";
            // Drain the request body, as the service does before it answers, so the client is not cut off mid-send.
            await context.Request.Body.CopyToAsync(Stream.Null);
            Record(request with { InjectedStatus = status });
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>Injected by the test proxy.</Message></Error>");
            return;
        }
        await ForwardAsync(context, request);
    }

    private async Task ForwardAsync(HttpContext context, ProxiedRequest request)
    {
        var uri = new Uri($"{_target.GetLeftPart(UriPartial.Authority)}{context.Request.Path}{context.Request.QueryString}");
        using var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            message.Content = new StreamContent(context.Request.Body);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        using var response = await _upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        // Recorded before the body is passed on: the client may act on its last byte before this method ends.
        Record(request with { ForwardedStatus = (int)response.StatusCode });
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                context.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private void Record(ProxiedRequest request)
    {
        lock (_log) _log.Add(request);
    }

    private sealed class FaultRule(Func<ProxiedRequest, bool> matches, Fault fault, int? times)
    {
        public Func<ProxiedRequest, bool> Matches { get; } = matches;
        public Fault Fault { get; } = fault;
        public int? Remaining { get; set; } = times;
    }
}

/// <summary>What the proxy does to a request: answer with <see cref="Status"/> (503 or 500) and/or wait <see cref="Delay"/> (or until <see cref="Until"/> ends) first.</summary>
public sealed record Fault(int? Status, TimeSpan? Delay = null, int RetryAfterSeconds = 0)
{
    /// <summary>When set, the request waits for this task to end before it is forwarded (or faulted).</summary>
    public Task? Until { get; init; }

    /// <summary>Forwarded only once <paramref name="release"/> ends: a commit or upload held up for as long as the test wants.</summary>
    public static Fault Held(Task release) => new(Status: null) { Until = release };

    /// <summary>503 ServerBusy with <c>Retry-After: 0</c> (the service's throttling answer).</summary>
    public static Fault ServerBusy { get; } = new(503);

    /// <summary>500 InternalError.</summary>
    public static Fault InternalError { get; } = new(500);

    /// <summary>Forwarded after a pause (a slow link).</summary>
    public static Fault Slow(TimeSpan delay) => new(null, delay);
}

/// <summary>One request the proxy received: its arrival number (1-based), method, path and query, and what it did.</summary>
public sealed record ProxiedRequest(int Number, string Method, string Path, string Query)
{
    /// <summary>The fault status it was answered with; null when forwarded.</summary>
    public int? InjectedStatus { get; init; }

    /// <summary>Azurite's status for a forwarded request; null when faulted.</summary>
    public int? ForwardedStatus { get; init; }

    /// <summary>Whether the query holds <paramref name="part"/> (<c>comp=block</c>, <c>comp=blocklist</c>, <c>comp=list</c>).</summary>
    public bool Has(string part) => Query.Contains(part, StringComparison.Ordinal);
}
