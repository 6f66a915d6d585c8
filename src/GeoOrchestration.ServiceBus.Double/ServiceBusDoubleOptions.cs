using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.ServiceBus.Double;

/// <summary>How a <see cref="ServiceBusDouble"/> listens and whom it lets in.</summary>
public sealed record ServiceBusDoubleOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The administration (HTTP) port on 127.0.0.1; 0 (the default) picks a free one. Administration has a port of its own, as on
    /// the real emulator: the SDK's administration client sends HTTP to the port in its connection string
    /// (<see cref="ServiceBusDouble.AdministrationConnectionString"/>).
    /// </summary>
    public int AdministrationPort { get; init; }

    /// <summary>Where the double logs one line per administration call (and its start); null (the default) logs nothing.</summary>
    public ILoggerFactory? Loggers { get; init; }

    /// <summary>
    /// The queues and their messages. Null (the default) makes a new, empty catalog on <see cref="TimeProvider"/>.
    /// Pass a previous double's catalog to start again "after an outage" with the same state.
    /// </summary>
    public QueueCatalog? Catalog { get; init; }

    /// <summary>
    /// The clock for lock expiry, scheduled enqueue, time to live, duplicate detection and token expiry
    /// (e.g. a FakeTimeProvider in tests). Default <see cref="System.TimeProvider.System"/>. Ignored when
    /// <see cref="Catalog"/> is given (the catalog's clock is used).
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The SAS rule name the connection string carries and put-token checks (skn). Default "RootManageSharedAccessKey".</summary>
    public string SharedAccessKeyName { get; init; } = "RootManageSharedAccessKey";

    /// <summary>The SAS key tokens must be signed with (its UTF-8 bytes are the HMAC key, as the service does). Default "double-key".</summary>
    public string SharedAccessKey { get; init; } = "double-key";

    /// <summary>
    /// When set, put-token accepts tokens of type <c>jwt</c> whose <c>aud</c> claim equals it (the signature is not checked;
    /// <c>exp</c> is). Null (the default) refuses every jwt unless <see cref="JwtIssuer"/> is set.
    /// </summary>
    public string? JwtAudience { get; init; }

    /// <summary>When set, put-token accepts jwt tokens whose <c>iss</c> claim equals it (with <see cref="JwtAudience"/>, both must match).</summary>
    public string? JwtIssuer { get; init; }

    /// <summary>
    /// Also listen with TLS (a self-signed certificate made at start, see <see cref="ServiceBusDouble.TlsCertificate"/>)
    /// on <see cref="TlsPort"/>. The SDK uses TLS whenever it authenticates with a TokenCredential (jwt), so Entra-style
    /// clients need this; connection-string clients do not. Default false.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>The TLS port when <see cref="Tls"/> is set; 0 (the default) picks a free one.</summary>
    public int TlsPort { get; init; }

    /// <summary>The max-message-size the double announces on attach and enforces, in bytes. Default 256 KB (Standard tier).</summary>
    public long MaxMessageSize { get; init; } = 256 * 1024;
}
