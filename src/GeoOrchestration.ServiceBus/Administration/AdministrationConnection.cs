using Azure.Core;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>
/// The clients an administration or peek call uses, for the place the options name (<see cref="ServiceBusPlace"/>:
/// the namespace and identity as error messages name them, never a secret).
/// </summary>
internal sealed record AdministrationConnection(ServiceBusPlace Place, string? ConnectionString, string? Namespace, TokenCredential? Credential)
{
    // Azure.Core's defaults retry 3 times from 0.8 s with a 100 s network timeout; a deploy command
    // should say "unreachable" within seconds, not minutes.
    private static readonly ServiceBusAdministrationClientOptions ClientOptions = new()
    {
        Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5), NetworkTimeout = TimeSpan.FromSeconds(30) },
    };

    /// <summary>The connection <paramref name="options"/> name; <paramref name="connectionString"/>, when given, replaces their namespace or connection string.</summary>
    /// <exception cref="GeoConfigurationException">Neither or both of a namespace and a connection string, a namespace without a credential, or a malformed connection string.</exception>
    /// <exception cref="GeoValidationException">The options break the transport's rules (queue names missing or the same).</exception>
    public static AdministrationConnection From(ServiceBusTransportOptions options, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (connectionString is not null)
            options = options with { ConnectionString = connectionString, FullyQualifiedNamespace = null, Credential = null };
        ServiceBusTransportOptionsRules.Validate(options);
        ServiceBusPlace place;
        try
        {
            place = ServiceBusPlace.Of(options);
        }
        catch (FormatException ex)
        {
            throw new GeoConfigurationException(ex.Message);
        }
        return options.ConnectionString is { } connection
            ? new AdministrationConnection(place, connection, null, null)
            : new AdministrationConnection(place, null, ServiceBusTransportOptions.QualifyNamespace(options.FullyQualifiedNamespace!), options.Credential);
    }

    /// <summary>An administration client for this connection.</summary>
    /// <exception cref="GeoConfigurationException">The connection string lacks its endpoint or key.</exception>
    public ServiceBusAdministrationClient AdministrationClient()
    {
        if (ConnectionString is null)
            return new ServiceBusAdministrationClient(Namespace!, Credential!, ClientOptions);
        try
        {
            return new ServiceBusAdministrationClient(ConnectionString, ClientOptions);
        }
        catch (ArgumentException)
        {
            // Its message may quote the string, key included.
            throw new GeoConfigurationException($"The Service Bus connection string for '{Place.Namespace}' needs Endpoint, SharedAccessKeyName and SharedAccessKey.");
        }
    }

    /// <summary>A messaging (AMQP) client for this connection.</summary>
    public ServiceBusClient MessagingClient() => ConnectionString is not null
        ? new ServiceBusClient(ConnectionString)
        : new ServiceBusClient(Namespace!, Credential!);
}
