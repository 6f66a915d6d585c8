using System.Net;
using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.ServiceBus.Double.Admin;

/// <summary>
/// The double's administration endpoint: the HTTP calls <c>ServiceBusAdministrationClient</c> makes when its
/// connection string says <c>UseDevelopmentEmulator=true</c> (plain HTTP to the endpoint's host and port,
/// SAS-signed), served from an <see cref="IQueueCatalog"/>. It listens on its own port, as the real emulator
/// does (AMQP on one port, administration on another): the administration client sends HTTP to the port in
/// its connection string, so the double hands out a second connection string for it
/// (<see cref="ConnectionString"/>).
/// </summary>
/// <remarks>
/// ASP.NET Core's minimal APIs over Kestrel rather than <c>HttpListener</c>: Kestrel binds port 0 and reports
/// the port it got (HttpListener on Linux takes only fixed prefixes, so parallel tests would race for ports),
/// speaks HTTP/1.1 the way the SDK's <c>HttpClient</c> expects, and comes with the shared framework the project
/// already references, so nothing is added.
/// </remarks>
public sealed class AdministrationServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string keyName;
    private readonly string key;

    private AdministrationServer(WebApplication app, int port, string keyName, string key)
    {
        this.app = app;
        Port = port;
        this.keyName = keyName;
        this.key = key;
    }

    /// <summary>The port it listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>
    /// The connection string that points <c>ServiceBusAdministrationClient</c> here:
    /// <c>Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=..;SharedAccessKey=..;UseDevelopmentEmulator=true</c>. Holds the key.
    /// </summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={keyName};SharedAccessKey={key};UseDevelopmentEmulator=true";

    /// <summary>Starts listening on 127.0.0.1.</summary>
    /// <param name="catalog">The queues it creates, reads, updates and deletes.</param>
    /// <param name="keyName">The SAS key's name every request must be signed by.</param>
    /// <param name="key">The SAS key (the text, as in a connection string).</param>
    /// <param name="port">The port; 0 (the default) takes a free one.</param>
    /// <param name="time">The clock SAS expiry is checked against (default the system's).</param>
    /// <param name="logger">Where one line per call goes (default nowhere).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<AdministrationServer> StartAsync(IQueueCatalog catalog, string keyName, string key, int port = 0,
        TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        ArgumentException.ThrowIfNullOrEmpty(key);
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;

        // Empty builder: no appsettings.json, no ASPNETCORE_* variables, no console logging of its own;
        // the double is a library inside tests and tools, configured only by these arguments.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        var check = new SharedAccessSignatureCheck(keyName, key, time);
        app.Use(async (context, next) =>
        {
            var refusal = check.Reject(context.Request.Headers.Authorization, context.Request.Host.Host, context.Request.Path.Value ?? "/");
            if (refusal is null)
            {
                await next(context);
                return;
            }
            logger.LogWarning("admin {Method} {Path}: 401 {Reason}", context.Request.Method, context.Request.Path, refusal);
            await AdministrationEndpoints.WriteError(context, StatusCodes.Status401Unauthorized, refusal);
        });
        new AdministrationEndpoints(catalog, time, logger).Map(app);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new AdministrationServer(app, new Uri(address).Port, keyName, key);
        logger.LogInformation("admin listening on 127.0.0.1:{Port}", server.Port);
        return server;
    }

    /// <summary>Stops listening; calls in flight are given a moment to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(grace.Token);
        await app.DisposeAsync();
    }
}
