using Azure.Core;
using GeoOrchestration.Errors;
using GeoOrchestration.ServiceBus;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Hosting;

/// <summary>
/// How work reaches workers, resolved the same way by every front end (<see cref="Resolve"/>): the
/// database transport (the default: workers claim from the store) or Azure Service Bus (PostgreSQL
/// only). Service Bus is chosen by a namespace or connection string given to the command, else by
/// the session's (<c>Connect-GeoOrchestration</c>), else by <c>GEO_SERVICEBUS</c>; <c>--transport
/// database</c> keeps the database transport whatever <c>GEO_SERVICEBUS</c> says.
/// </summary>
public sealed class TransportSettings : IEquatable<TransportSettings>
{
    /// <summary>The environment variable naming the Service Bus namespace or holding its connection string; setting it chooses the Service Bus transport.</summary>
    public const string ServiceBusVariable = "GEO_SERVICEBUS";

    /// <summary>The field of the transport's name in errors (<c>--transport</c>).</summary>
    public const string TransportField = "transport";

    /// <summary>The transports by name, as <c>--transport</c> takes them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["database", "servicebus"];

    private TransportSettings(TransportKind kind, ServiceBusTarget? serviceBus, TransportSource source)
    {
        Kind = kind;
        ServiceBus = serviceBus;
        Source = source;
    }

    /// <summary>The default: workers claim from the store.</summary>
    public static TransportSettings Database { get; } = new(TransportKind.Database, null, TransportSource.Default);

    public TransportKind Kind { get; }

    /// <summary>The namespace and how it authenticates; null for the database transport.</summary>
    public ServiceBusTarget? ServiceBus { get; }

    public TransportSource Source { get; }

    /// <summary>True for Azure Service Bus.</summary>
    public bool IsServiceBus => Kind == TransportKind.ServiceBus;

    /// <summary>
    /// Resolves the transport, in this order: what the command was given, else <paramref name="session"/>,
    /// else <c>GEO_SERVICEBUS</c>, else the database transport. A namespace or connection string given to
    /// the command chooses Service Bus by itself; so does <c>GEO_SERVICEBUS</c> unless the command says
    /// <c>database</c>. Nothing connects here.
    /// </summary>
    /// <param name="transport"><c>database</c> or <c>servicebus</c> as given (<c>--transport</c>), or null.</param>
    /// <param name="serviceBusNamespace">A namespace name or host as given, or null.</param>
    /// <param name="serviceBusConnection">A SAS connection string as given, or null.</param>
    /// <param name="environment">The environment variables; default this process's.</param>
    /// <param name="session">The session's Service Bus (<c>Connect-GeoOrchestration</c>), or null.</param>
    /// <exception cref="GeoValidationException">
    /// Field <c>transport</c> (rule <c>allowed</c>), <c>servicebus_namespace</c> (<c>host_name</c>; <c>required</c> for
    /// <c>servicebus</c> with nothing naming a namespace; <c>not_applicable</c> with <c>database</c>) or
    /// <c>servicebus_connection</c> (<c>format</c>, <c>entity_path</c>, <c>exclusive</c> with a namespace,
    /// <c>not_applicable</c> with <c>database</c>).
    /// </exception>
    public static TransportSettings Resolve(string? transport, string? serviceBusNamespace, string? serviceBusConnection,
        PlatformEnvironment? environment = null, TransportSettings? session = null)
    {
        environment ??= PlatformEnvironment.Current;
        var kind = ParseKind(transport);
        var hasNamespace = !string.IsNullOrWhiteSpace(serviceBusNamespace);
        var hasConnection = !string.IsNullOrWhiteSpace(serviceBusConnection);
        if (hasNamespace && hasConnection)
            throw new GeoValidationException(ServiceBusTarget.ConnectionField, "exclusive",
                $"Give either '{ServiceBusTarget.NamespaceField}' (a namespace, with Entra ID) or '{ServiceBusTarget.ConnectionField}' (a SAS connection string), not both.");
        if (kind == TransportKind.Database)
        {
            if (hasNamespace || hasConnection)
            {
                var field = hasNamespace ? ServiceBusTarget.NamespaceField : ServiceBusTarget.ConnectionField;
                throw new GeoValidationException(field, "not_applicable",
                    $"'{field}' applies to the Service Bus transport only, and the transport given is 'database'.");
            }
            return new TransportSettings(TransportKind.Database, null, TransportSource.Explicit);
        }
        if (hasNamespace) return Explicit(ServiceBusTarget.FromNamespace(serviceBusNamespace!));
        if (hasConnection) return Explicit(ServiceBusTarget.FromConnectionString(serviceBusConnection!));
        if (session is { IsServiceBus: true }) return session;
        if (environment.Variable(ServiceBusVariable) is { } variable)
            return new TransportSettings(TransportKind.ServiceBus, ServiceBusTarget.FromEnvironment(variable), TransportSource.Environment);
        if (kind == TransportKind.ServiceBus)
            throw new GeoValidationException(ServiceBusTarget.NamespaceField, "required",
                $"The Service Bus transport needs a namespace ('{ServiceBusTarget.NamespaceField}', with Entra ID) or a SAS connection string " +
                $"('{ServiceBusTarget.ConnectionField}'), given to the command or in {ServiceBusVariable}.");
        return Database;
    }

    /// <summary>
    /// This transport with a namespace reached by the credential <paramref name="options"/> name (the process's one
    /// for them, shared with PostgreSQL); unchanged for the database transport or a connection string.
    /// </summary>
    public TransportSettings WithEntraId(EntraId.EntraIdOptions options) =>
        ServiceBus is { UsesEntraId: true } target ? new(Kind, target.WithEntraId(options), Source) : this;

    /// <summary>This transport as a session's (<c>Connect-GeoOrchestration</c>): <see cref="Source"/> is <see cref="TransportSource.Session"/>.</summary>
    public TransportSettings AsSessionDefault() => new(Kind, ServiceBus, TransportSource.Session);

    /// <summary>
    /// Refuses the Service Bus transport on the embedded store: its ready work is relayed from
    /// PostgreSQL's outbox, which the embedded store does not have. Checked before anything opens.
    /// </summary>
    /// <exception cref="GeoValidationException">Field <c>transport</c>, rule <c>requires_postgresql</c>.</exception>
    public void RequireSupportedBy(GeoConnection connection)
    {
        if (!IsServiceBus || !connection.IsEmbedded) return;
        var chosen = Source switch
        {
            TransportSource.Environment => $" (chosen by {ServiceBusVariable}: unset it to use this store)",
            TransportSource.Session => " (chosen by Connect-GeoOrchestration)",
            _ => "",
        };
        throw new GeoValidationException(TransportField, "requires_postgresql",
            $"The Service Bus transport{chosen} needs a PostgreSQL store, and {connection} is the embedded SQLite store, " +
            "which cannot relay work to Service Bus. Use a PostgreSQL connection, or the database transport.");
    }

    /// <summary>
    /// The transport a worker or client on <paramref name="store"/> uses: null for the database
    /// transport (the engine's default), else the Service Bus transport over the store.
    /// </summary>
    /// <param name="store">The store the work is claimed from; PostgreSQL for Service Bus.</param>
    /// <param name="loggers">Where the transport logs.</param>
    /// <param name="time">The transport's clock; default the system's.</param>
    /// <param name="credential">The Entra ID credential for a namespace; null: the process's one credential.</param>
    /// <exception cref="GeoConfigurationException">The store cannot relay work (see <see cref="ServiceBusTransport.Create"/>).</exception>
    public IWorkTransport? CreateTransport(IGeoStore store, ILoggerFactory? loggers = null, TimeProvider? time = null, TokenCredential? credential = null) =>
        IsServiceBus ? ServiceBusTransport.Create(ServiceBus!.ToOptions(credential), store, loggers, time) : null;

    /// <summary>For people: <c>database</c>, or <c>Azure Service Bus geo-prod.servicebus.windows.net (Entra ID) (GEO_SERVICEBUS)</c>. Never a key.</summary>
    public override string ToString() => IsServiceBus
        ? $"Azure Service Bus {ServiceBus}{(Source == TransportSource.Environment ? $" ({ServiceBusVariable})" : "")}"
        : "database";

    /// <summary>The same transport to the same namespace, wherever it was chosen (<see cref="Source"/> aside).</summary>
    public bool Equals(TransportSettings? other) => other is not null && Kind == other.Kind && Equals(ServiceBus, other.ServiceBus);

    public override bool Equals(object? obj) => Equals(obj as TransportSettings);

    public override int GetHashCode() => HashCode.Combine(Kind, ServiceBus);

    private static TransportSettings Explicit(ServiceBusTarget target) => new(TransportKind.ServiceBus, target, TransportSource.Explicit);

    private static TransportKind? ParseKind(string? transport)
    {
        if (string.IsNullOrWhiteSpace(transport)) return null;
        return transport.Trim().ToLowerInvariant() switch
        {
            "database" => TransportKind.Database,
            "servicebus" => TransportKind.ServiceBus,
            _ => throw new GeoValidationException(TransportField, "allowed",
                $"'{TransportField}' must be one of {string.Join(", ", Names)}; got '{(transport.Length > 40 ? transport[..37] + "..." : transport)}'."),
        };
    }
}
