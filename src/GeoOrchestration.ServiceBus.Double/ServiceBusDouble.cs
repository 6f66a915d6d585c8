using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GeoOrchestration.ServiceBus.Double.Admin;
using GeoOrchestration.ServiceBus.Double.Amqp;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Double;

/// <summary>
/// A local Service Bus: an AMQP 1.0 listener on 127.0.0.1 that the real SDK reaches with
/// <see cref="ConnectionString"/> (<c>UseDevelopmentEmulator=true</c>: plain AMQP, SASL MSSBCBS, $cbs put-token),
/// over a <see cref="QueueCatalog"/> of queues with the service's peek-lock semantics.
/// Pause and resume it (or stop it and start another on the same port with the same catalog) to simulate an outage.
/// </summary>
public sealed class ServiceBusDouble : IAsyncDisposable
{
    private readonly ServiceBusDoubleOptions _options;
    private readonly AmqpHost _host;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _listening;
    private bool _disposed;
    private AdministrationServer? _admin;

    private ServiceBusDouble(ServiceBusDoubleOptions options, QueueCatalog catalog, int port)
    {
        _options = options;
        Catalog = catalog;
        Port = port;
        if (options.Tls)
        {
            TlsPort = options.TlsPort == 0 ? FreePort() : options.TlsPort;
            TlsCertificate = TestCertificate.Create();
        }

        Faults = new DoubleFaults();
        _host = new AmqpHost(new AmqpHostContext(catalog, Faults, options));
    }

    /// <summary>Starts a double listening on 127.0.0.1 (a free port when <see cref="ServiceBusDoubleOptions.Port"/> is 0).</summary>
    /// <exception cref="SocketException">The port is taken.</exception>
    public static async Task<ServiceBusDouble> StartAsync(ServiceBusDoubleOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ServiceBusDoubleOptions();
        var catalog = options.Catalog ?? new QueueCatalog(options.TimeProvider);
        var port = options.Port == 0 ? FreePort() : options.Port;
        var sb = new ServiceBusDouble(options, catalog, port);
        await sb.ResumeAsync(ct).ConfigureAwait(false);
        try
        {
            sb._admin = await AdministrationServer.StartAsync(catalog, options, catalog.Time,
                options.Loggers?.CreateLogger("GeoOrchestration.ServiceBus.Double.Admin"), ct).ConfigureAwait(false);
        }
        catch
        {
            await sb.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return sb;
    }

    /// <summary>The port it listens on (kept across pause and resume).</summary>
    public int Port { get; }

    /// <summary>The TLS port (with <see cref="ServiceBusDoubleOptions.Tls"/>); null otherwise. Clients reach it with a CustomEndpointAddress of <c>sb://127.0.0.1:TlsPort</c>.</summary>
    public int? TlsPort { get; }

    /// <summary>The TLS listener's self-signed certificate (with <see cref="ServiceBusDoubleOptions.Tls"/>); clients must trust it explicitly.</summary>
    public X509Certificate2? TlsCertificate { get; }

    /// <summary>The connection string for the SDK: SAS with the configured key, <c>UseDevelopmentEmulator=true</c>.</summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={_options.SharedAccessKeyName};SharedAccessKey={_options.SharedAccessKey};UseDevelopmentEmulator=true";

    /// <summary>The administration (HTTP) endpoint's port on 127.0.0.1 (it keeps listening while the AMQP side is paused).</summary>
    public int AdministrationPort => _admin!.Port;

    /// <summary>
    /// The connection string for <c>ServiceBusAdministrationClient</c> (create, get, update, delete queues, runtime counts):
    /// the same key, the administration port. The SDK's messaging clients need <see cref="ConnectionString"/>.
    /// </summary>
    public string AdministrationConnectionString => _admin!.ConnectionString;

    /// <summary>The queues (create them here before sending).</summary>
    public IQueueCatalog Queues => Catalog;

    /// <summary>The catalog itself: pass it in <see cref="ServiceBusDoubleOptions.Catalog"/> to start a double with the same state.</summary>
    public QueueCatalog Catalog { get; }

    /// <summary>Fault injection.</summary>
    public DoubleFaults Faults { get; }

    /// <summary>The double's clock.</summary>
    public TimeProvider Time => Catalog.Time;

    /// <summary>The options it was started with.</summary>
    public ServiceBusDoubleOptions Options => _options;

    /// <summary>Stops listening and drops every connection ("Service Bus unavailable"); queues, messages and locks are kept.</summary>
    public async Task PauseAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_listening)
            {
                _host.Stop();
                _listening = false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Listens again on the same port after <see cref="PauseAsync"/>.</summary>
    public async Task ResumeAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_listening)
            {
                _host.Start(Port, TlsPort is { } tlsPort ? (tlsPort, TlsCertificate!) : null);
                _listening = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops listening and drops every connection; the catalog survives for another double.</summary>
    public Task StopAsync(CancellationToken ct = default) => PauseAsync(ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await PauseAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _admin, null) is { } admin)
        {
            await admin.DisposeAsync().ConfigureAwait(false);
        }

        _disposed = true;
        TlsCertificate?.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
