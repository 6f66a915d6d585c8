using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// The AMQP listener (Microsoft.Azure.Amqp's server side): plain TCP on 127.0.0.1, SASL with the MSSBCBS mechanism
/// only (as the SDK offers), then AMQP 1.0. It routes each attached link by address: <c>$cbs</c>, an entity's
/// <c>$management</c>, or the entity itself (a queue or its dead-letter subqueue). Links other than $cbs need a token
/// covering their entity; a missing entity fails the attach with <c>amqp:not-found</c>.
/// </summary>
internal sealed class AmqpHost : IRuntimeProvider
{
    private const string ManagementSuffix = "/$management";

    private readonly AmqpHostContext _context;
    private readonly CbsNode _cbs;
    private readonly ConcurrentDictionary<AmqpConnection, byte> _connections = new();
    private readonly object _sync = new();
    private TransportListener? _listener;
    private AmqpSettings? _settings;

    public AmqpHost(AmqpHostContext context)
    {
        _context = context;
        _cbs = new CbsNode(context);
    }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (plain AMQP) and, when <paramref name="tls"/> is given, on its port with TLS.</summary>
    public void Start(int port, (int Port, X509Certificate2 Certificate)? tls = null)
    {
        var settings = new AmqpSettings { RuntimeProvider = this };
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        settings.TransportProviders.Add(sasl);
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        settings.TransportProviders.Add(amqp);
        var listeners = new List<TransportListener> { new TcpTransportSettings { Host = "127.0.0.1", Port = port }.CreateListener() };
        if (tls is { } secure)
        {
            var tcp = new TcpTransportSettings { Host = "127.0.0.1", Port = secure.Port };
            listeners.Add(new TlsTransportSettings(tcp) { Certificate = secure.Certificate, IsInitiator = false }.CreateListener());
        }

        var listener = new AmqpTransportListener(listeners, settings);
        lock (_sync)
        {
            _settings = settings;
            _listener = listener;
        }

        listener.Listen(OnAcceptTransport);
    }

    /// <summary>Stops listening and aborts every connection (clients see the connection drop).</summary>
    public void Stop()
    {
        TransportListener? listener;
        lock (_sync)
        {
            listener = _listener;
            _listener = null;
        }

        listener?.Abort();
        foreach (var connection in _connections.Keys)
        {
            // Abort, not close: the socket goes at once and nothing more is read from it, as when a service goes away.
            connection.Abort();
        }

        _connections.Clear();
    }

    /// <summary>Drops one connection at once (fault injection): in-flight outcomes never reach the client.</summary>
    public static void Drop(AmqpConnection connection) => connection.Abort();

    private void OnAcceptTransport(TransportListener listener, TransportAsyncCallbackArgs args)
    {
        var connectionSettings = new AmqpConnectionSettings
        {
            ContainerId = "geo-servicebus-double",
            MaxFrameSize = 64 * 1024,
            IdleTimeOut = 4 * 60 * 1000,
        };
        AmqpConnection? connection = null;
        try
        {
            connection = CreateConnection(args.Transport, (ProtocolHeader)args.UserToken, false, _settings!, connectionSettings);
            _ = OpenAsync(connection);
        }
        catch (Exception e) when (e is AmqpException or InvalidOperationException or ObjectDisposedException)
        {
            connection?.SafeClose(e);
        }
    }

    private async Task OpenAsync(AmqpConnection connection)
    {
        try
        {
            await connection.OpenAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            _connections[connection] = 0;
            connection.SafeAddClosed((_, _) => _connections.TryRemove(connection, out _));
            if (_listener is null)
            {
                connection.SafeClose();
            }
        }
        catch (Exception e)
        {
            connection.SafeClose(e);
        }
    }

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, false, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) =>
        throw new InvalidOperationException("Sessions are created by the connection.");

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        settings.MaxMessageSize = (ulong)_context.Options.MaxMessageSize;
        var serverReceives = settings.Role == true;
        if (serverReceives)
        {
            settings.TotalLinkCredit = 300;
            settings.AutoSendFlow = true;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        var address = link.IsReceiver ? (link.Settings.Target as Target)?.Address : (link.Settings.Source as Source)?.Address;
        if (address is null)
        {
            throw new AmqpException(AmqpErrorCode.InvalidField, "The link has no address.");
        }

        var path = EntityPath(address.ToString()!);
        if (path.Equals(CbsNode.Address, StringComparison.OrdinalIgnoreCase))
        {
            _cbs.Attach(link);
        }
        else
        {
            AttachToEntity(link, path);
        }

        var done = new TaskCompletionSource(state);
        done.SetResult();
        callback(done.Task);
        return done.Task;
    }

    public void EndOpenLink(IAsyncResult result)
    {
    }

    private void AttachToEntity(AmqpLink link, string path)
    {
        var isManagement = path.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase);
        var entityPath = isManagement ? path[..^ManagementSuffix.Length] : path;
        // The SDK puts a token per link, for the link's own address (the $management address for a management link).
        if (!ConnectionState.Of(link.Session.Connection).IsAuthorized(path, _context.Now))
        {
            throw new AmqpException(AmqpErrorCode.UnauthorizedAccess, $"Unauthorized access to '{entityPath}': put a valid token on $cbs first.");
        }

        var queue = _context.Catalog.Resolve(entityPath)
            ?? throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{entityPath}' could not be found.");
        if (isManagement)
        {
            new ManagementNode(_context, queue).Attach(link);
        }
        else if (link is ReceivingAmqpLink incoming)
        {
            QueuePublisher.Attach(_context, queue, incoming);
        }
        else
        {
            QueueConsumer.Attach(_context, queue, (SendingAmqpLink)link);
        }
    }

    /// <summary>The entity path an address names: the path of an absolute URI, or the address itself.</summary>
    private static string EntityPath(string address)
    {
        var path = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "sb"
            ? Uri.UnescapeDataString(uri.AbsolutePath)
            : address;
        return path.Trim('/');
    }
}
