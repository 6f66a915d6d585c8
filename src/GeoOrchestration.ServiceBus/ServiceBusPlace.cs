using Azure.Messaging.ServiceBus;

namespace GeoOrchestration.ServiceBus;

/// <summary>
/// Where the transport talks to and as whom, in words fit for an error message: the namespace host
/// and a description of the identity (a SAS key's name, a credential's type or given name), never a
/// key, token or connection string.
/// </summary>
/// <param name="Namespace">The namespace host (or the double's endpoint), e.g. <c>geo-prod.servicebus.windows.net</c>.</param>
/// <param name="Identity">Who authenticates, e.g. <c>shared access key 'RootManageSharedAccessKey'</c> or <c>ManagedIdentityCredential</c>.</param>
public sealed record ServiceBusPlace(string Namespace, string Identity)
{
    /// <summary>The place the options name.</summary>
    /// <param name="options">Options with a namespace and credential, or a connection string.</param>
    /// <returns>The namespace and identity, described without secrets.</returns>
    /// <exception cref="FormatException">The connection string is malformed (the message does not quote it).</exception>
    public static ServiceBusPlace Of(ServiceBusTransportOptions options)
    {
        if (options.ConnectionString is { } connection)
        {
            ServiceBusConnectionStringProperties properties;
            try
            {
                properties = ServiceBusConnectionStringProperties.Parse(connection);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // The parser's message may quote the string, key included: say only what is wrong.
                throw new FormatException("The Service Bus connection string is malformed (expected Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...).");
            }
            var host = properties.Endpoint is null ? "(no endpoint)" : properties.Endpoint.IsDefaultPort ? properties.Endpoint.Host : $"{properties.Endpoint.Host}:{properties.Endpoint.Port}";
            var identity = options.IdentityName ?? (properties.SharedAccessKeyName is { } keyName
                ? $"shared access key '{keyName}'"
                : "a shared access signature");
            return new ServiceBusPlace(host, identity);
        }
        return new ServiceBusPlace(ServiceBusTransportOptions.QualifyNamespace(options.FullyQualifiedNamespace ?? "(no namespace)"),
            options.IdentityName ?? options.Credential?.GetType().Name ?? "(no credential)");
    }
}
