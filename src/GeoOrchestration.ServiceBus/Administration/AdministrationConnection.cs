using Azure.Core;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>
/// Where an administration or peek call goes and as whom, for clients and for error messages: the namespace
/// host and a name for the identity (the SAS key's name, or the credential's type), never a secret.
/// </summary>
internal sealed record AdministrationConnection(string Namespace, string Identity, string? ConnectionString, TokenCredential? Credential)
{
    /// <summary>The namespace suffix a bare name gets.</summary>
    public const string NamespaceSuffix = ".servicebus.windows.net";

    // Azure.Core's defaults retry 3 times from 0.8 s with a 100 s network timeout; a deploy command
    // should say "unreachable" within seconds, not minutes.
    private static readonly ServiceBusAdministrationClientOptions ClientOptions = new()
    {
        Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5), NetworkTimeout = TimeSpan.FromSeconds(30) },
    };

    /// <summary>The connection <paramref name="options"/> name; <paramref name="connectionString"/> replaces the options' own when given.</summary>
    /// <exception cref="GeoConfigurationException">Neither or both of a namespace and a connection string, a namespace without a credential, or a malformed connection string.</exception>
    public static AdministrationConnection From(ServiceBusTransportOptions options, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        connectionString ??= options.ConnectionString;
        var hasNamespace = !string.IsNullOrWhiteSpace(options.FullyQualifiedNamespace);
        var hasConnection = !string.IsNullOrWhiteSpace(connectionString);
        if (hasNamespace == hasConnection)
            throw new GeoConfigurationException("Service Bus: give either a namespace (with a credential) or a connection string, not " + (hasNamespace ? "both." : "neither."));

        if (hasConnection)
        {
            ServiceBusConnectionStringProperties parsed;
            try
            {
                parsed = ServiceBusConnectionStringProperties.Parse(connectionString!);
            }
            catch (FormatException)
            {
                // The parser's message may quote the string, key included: say only what is wrong.
                throw new GeoConfigurationException("The Service Bus connection string is malformed: it needs Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=....");
            }
            if (parsed.Endpoint is null || string.IsNullOrEmpty(parsed.SharedAccessKeyName) || string.IsNullOrEmpty(parsed.SharedAccessKey))
                throw new GeoConfigurationException("The Service Bus connection string needs Endpoint, SharedAccessKeyName and SharedAccessKey.");
            var host = parsed.Endpoint.IsDefaultPort || parsed.Endpoint.Port < 0 ? parsed.Endpoint.Host : $"{parsed.Endpoint.Host}:{parsed.Endpoint.Port}";
            return new AdministrationConnection(host, $"SAS key '{parsed.SharedAccessKeyName}'", connectionString, null);
        }

        if (options.Credential is null)
            throw new GeoConfigurationException($"Service Bus namespace '{options.FullyQualifiedNamespace}' needs a credential (Entra ID) or a connection string instead.");
        var ns = options.FullyQualifiedNamespace!.Trim();
        if (!ns.Contains('.', StringComparison.Ordinal))
            ns += NamespaceSuffix;
        return new AdministrationConnection(ns, $"credential {options.Credential.GetType().Name}", null, options.Credential);
    }

    /// <summary>An administration client for this connection.</summary>
    public ServiceBusAdministrationClient AdministrationClient() => ConnectionString is not null
        ? new ServiceBusAdministrationClient(ConnectionString, ClientOptions)
        : new ServiceBusAdministrationClient(Namespace, Credential!, ClientOptions);

    /// <summary>A messaging (AMQP) client for this connection.</summary>
    public ServiceBusClient MessagingClient() => ConnectionString is not null
        ? new ServiceBusClient(ConnectionString)
        : new ServiceBusClient(Namespace, Credential!);
}
