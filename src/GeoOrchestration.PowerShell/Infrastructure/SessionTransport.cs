using System.Net;
using System.Security;
using GeoOrchestration.Hosting;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>The transport <c>Connect-GeoOrchestration</c> gives its session: read and checked by Hosting, as <c>geoorch</c>'s options are.</summary>
internal static class SessionTransport
{
    /// <summary>
    /// Service Bus when a namespace or connection string is given (null otherwise: each command then
    /// consults <c>GEO_SERVICEBUS</c>). Refused for the embedded store, and for bad text, naming the field and rule.
    /// </summary>
    /// <exception cref="Errors.GeoValidationException">Both given, a namespace that is not a host name, a malformed connection string, or the embedded store.</exception>
    /// <param name="entraId">The session's credential options (<c>-AzureCredential</c>, <c>-ManagedIdentityClientId</c>), asked only for a namespace.</param>
    public static TransportSettings? From(string? serviceBusNamespace, SecureString? connectionString, GeoConnection store,
        Func<Hosting.EntraId.EntraIdOptions> entraId)
    {
        if (serviceBusNamespace is null && connectionString is null) return null;
        var text = connectionString is null ? null : new NetworkCredential("", connectionString).Password;
        // An empty SecureString is a connection string given empty: refused as one, not read as "none given".
        if (text is not null && string.IsNullOrWhiteSpace(text)) ServiceBusTarget.FromConnectionString(text);
        var transport = TransportSettings.Resolve("servicebus", serviceBusNamespace, text).AsSessionDefault();
        transport.RequireSupportedBy(store);
        // A namespace is reached with the process's credential for the session's options: PostgreSQL's, when it uses Entra ID.
        return transport.ServiceBus is { UsesEntraId: true } ? transport.WithEntraId(store.EntraId ?? entraId()) : transport;
    }
}
