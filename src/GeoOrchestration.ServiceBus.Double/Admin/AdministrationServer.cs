using System.Net;
using GeoOrchestration.ServiceBus.Double.Amqp;
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
    private readonly ServiceBusDoubleOptions options;

    private AdministrationServer(WebApplication app, int port, ServiceBusDoubleOptions options)
    {
        this.app = app;
        Port = port;
        this.options = options;
    }

    /// <summary>The port it listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>
    /// The connection string that points <c>ServiceBusAdministrationClient</c> here:
    /// <c>Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=..;SharedAccessKey=..;UseDevelopmentEmulator=true</c>. Holds the key.
    /// </summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={options.SharedAccessKeyName};SharedAccessKey={options.SharedAccessKey};UseDevelopmentEmulator=true";

    /// <summary>Starts listening on 127.0.0.1.</summary>
    /// <param name="catalog">The queues it creates, reads, updates and deletes.</param>
    /// <param name="options">
    /// The port (<see cref="ServiceBusDoubleOptions.AdministrationPort"/>; 0 takes a free one) and whom it lets in: a SAS token
    /// signed with <see cref="ServiceBusDoubleOptions.SharedAccessKey"/> by <see cref="ServiceBusDoubleOptions.SharedAccessKeyName"/>,
    /// or a bearer jwt as the AMQP side accepts it (the SDK sends one only over https, which the double does not serve).
    /// </param>
    /// <param name="time">The clock token expiry is checked against.</param>
    /// <param name="logger">Where one line per call goes (default nowhere).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<AdministrationServer> StartAsync(IQueueCatalog catalog, ServiceBusDoubleOptions options, TimeProvider time,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        logger ??= NullLogger.Instance;

        // Empty builder: no appsettings.json, no ASPNETCORE_* variables, no console logging of its own;
        // the double is a library inside tests and tools, configured only by these arguments.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.AdministrationPort));
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        // The same check as $cbs put-token: the administration client sends the SAS token itself as the header
        // (no scheme), an Entra token as "Bearer <jwt>".
        var tokens = new TokenValidator(options, time);
        app.Use(async (context, next) =>
        {
            string authorization = context.Request.Headers.Authorization.ToString();
            var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
            var type = bearer ? TokenValidator.JwtTokenType : TokenValidator.SasTokenType;
            if (tokens.Validate(type, bearer ? authorization["Bearer ".Length..] : authorization, out var refusal) is not null)
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
        var server = new AdministrationServer(app, new Uri(address).Port, options);
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
