using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.EntraId;
using GeoOrchestration.ServiceBus;

namespace GeoOrchestration.Hosting;

/// <summary>
/// The Service Bus namespace the transport uses, and how it authenticates: a namespace with the
/// process's Entra ID credential, or a SAS connection string. Read and checked here for every front
/// end (<see cref="FromNamespace"/>, <see cref="FromConnectionString"/>, <see cref="FromEnvironment"/>);
/// the connection string is a secret: never in a message, <see cref="ToString"/> or an output object.
/// </summary>
public sealed partial class ServiceBusTarget : IEquatable<ServiceBusTarget>
{
    /// <summary>The field of a namespace in errors (<c>--servicebus-namespace</c>, <c>-ServiceBusNamespace</c>).</summary>
    public const string NamespaceField = "servicebus_namespace";

    /// <summary>The field of a connection string in errors (<c>--servicebus-connection</c>, <c>-ServiceBusConnectionString</c>).</summary>
    public const string ConnectionField = "servicebus_connection";

    /// <summary>The field of an administration connection string in errors (<c>--servicebus-admin-connection</c>, <c>-AdministrationConnectionString</c>).</summary>
    public const string AdministrationField = "servicebus_admin_connection";

    /// <summary>What a bare namespace name is qualified with (the public Azure cloud).</summary>
    public const string DefaultSuffix = ".servicebus.windows.net";

    private ServiceBusTarget(string fullyQualifiedNamespace, string? connectionString, bool isEmulator)
    {
        Namespace = fullyQualifiedNamespace;
        ConnectionString = connectionString;
        IsEmulator = isEmulator;
    }

    /// <summary>The namespace's host, e.g. <c>geo-prod.servicebus.windows.net</c> (for a connection string, its endpoint's host).</summary>
    public string Namespace { get; }

    /// <summary>True when the process's Entra ID credential authenticates (a namespace was given), false for a SAS connection string.</summary>
    public bool UsesEntraId => ConnectionString is null;

    /// <summary>True for a connection string with <c>UseDevelopmentEmulator=true</c> (the local double, or Microsoft's emulator): plain AMQP.</summary>
    public bool IsEmulator { get; }

    /// <summary>The SAS connection string: a secret, internal so no front end shows it.</summary>
    internal string? ConnectionString { get; }

    /// <summary>
    /// Which Entra ID credential reaches a namespace (<c>--credential</c>, <c>-AzureCredential</c>, with their client
    /// id): the process's one credential for these options, the one PostgreSQL uses. Null: the environment's
    /// (<c>GEO_CREDENTIAL</c>, <c>AZURE_CLIENT_ID</c>), read when the options are made. Unused with a connection string.
    /// </summary>
    public EntraIdOptions? EntraId { get; private init; }

    /// <summary>This namespace reached with the credential <paramref name="options"/> name; a connection string is returned as it is.</summary>
    public ServiceBusTarget WithEntraId(EntraIdOptions options) =>
        UsesEntraId ? new ServiceBusTarget(Namespace, null, IsEmulator) { EntraId = options } : this;

    /// <summary>
    /// A namespace: a bare name (<c>geo-prod</c>, which gets <see cref="DefaultSuffix"/>) or the
    /// namespace's host name (<c>geo-prod.servicebus.windows.net</c>, any cloud's suffix).
    /// </summary>
    /// <exception cref="GeoValidationException">Field <see cref="NamespaceField"/>, rule <c>host_name</c>: not a namespace name or a host name (a URI, a port, a connection string).</exception>
    public static ServiceBusTarget FromNamespace(string text, string source = "'" + NamespaceField + "'")
    {
        var name = text.Trim();
        if (name.Contains('=') || name.Contains(';'))
            // Not echoed: it looks like a connection string, which holds a key.
            throw NotAHost(source, "it looks like a connection string; give that as a Service Bus connection string instead");
        if (name.Contains("://", StringComparison.Ordinal))
            throw NotAHost(source, $"give the host alone, without a scheme or path (got '{Shorten(name)}')");
        if (name.Contains('.'))
        {
            var host = name.TrimEnd('.').ToLowerInvariant();
            return HostName().IsMatch(host) && host.Length <= 253
                ? new ServiceBusTarget(host, null, isEmulator: false)
                : throw NotAHost(source, $"'{Shorten(name)}' is not a host name (letters, digits and hyphens in dot-separated labels, no port)");
        }
        return NamespaceName().IsMatch(name)
            ? new ServiceBusTarget(name.ToLowerInvariant() + DefaultSuffix, null, isEmulator: false)
            : throw NotAHost(source, $"'{Shorten(name)}' is not a namespace name (6 to 50 letters, digits and hyphens, starting with a letter and ending with a letter or digit)");
    }

    /// <summary>
    /// A SAS connection string, as the portal shows it: <c>Endpoint=sb://NAME.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...</c>
    /// (or <c>SharedAccessSignature=...</c>), optionally <c>UseDevelopmentEmulator=true</c>; read with the SDK's own parser.
    /// </summary>
    /// <exception cref="GeoValidationException">Field <see cref="ConnectionField"/>: rule <c>format</c> (not a connection string, no endpoint, no key or signature) or <c>entity_path</c> (it names one queue). The text is never echoed.</exception>
    public static ServiceBusTarget FromConnectionString(string text, string source = "'" + ConnectionField + "'") =>
        ReadConnectionString(text, source, ConnectionField);

    /// <summary>
    /// The connection string of the administration endpoint when it is not the transport's: the development
    /// emulator and the local double serve administration on a port of their own. Checked as <see cref="FromConnectionString(string, string)"/>.
    /// </summary>
    /// <exception cref="GeoValidationException">Field <see cref="AdministrationField"/>, as for a connection string.</exception>
    public static ServiceBusTarget FromAdministrationConnectionString(string text) =>
        ReadConnectionString(text, "'" + AdministrationField + "'", AdministrationField);

    private static ServiceBusTarget ReadConnectionString(string text, string source, string field)
    {
        ServiceBusConnectionStringProperties properties;
        try
        {
            properties = ServiceBusConnectionStringProperties.Parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Malformed(source, field, "it is not a connection string of KEY=VALUE pairs separated by ';'");
        }
        if (properties.Endpoint is not { Host.Length: > 0 } endpoint)
            throw Malformed(source, field, "it has no Endpoint=sb://NAMESPACE.servicebus.windows.net/");
        var hasKey = !string.IsNullOrEmpty(properties.SharedAccessKeyName) && !string.IsNullOrEmpty(properties.SharedAccessKey);
        if (!hasKey && string.IsNullOrEmpty(properties.SharedAccessSignature))
            throw Malformed(source, field, "it has neither SharedAccessKeyName with SharedAccessKey nor SharedAccessSignature (for Entra ID, give the namespace instead)");
        if (!string.IsNullOrEmpty(properties.EntityPath))
            throw new GeoValidationException(field, "entity_path",
                $"{source} names one queue (EntityPath); the transport uses two queues of the namespace: give the namespace's connection string, without EntityPath.");
        return new ServiceBusTarget(endpoint.Host.ToLowerInvariant(), text.Trim(), UsesEmulator(text));
    }

    /// <summary>
    /// <c>GEO_SERVICEBUS</c>: a connection string when it holds <c>=</c> (every connection string does,
    /// no host name can), else a namespace.
    /// </summary>
    /// <exception cref="GeoValidationException">As <see cref="FromNamespace"/> or <see cref="FromConnectionString"/>, naming the variable.</exception>
    public static ServiceBusTarget FromEnvironment(string text) => text.Contains('=')
        ? FromConnectionString(text, TransportSettings.ServiceBusVariable)
        : FromNamespace(text, TransportSettings.ServiceBusVariable);

    /// <summary>
    /// The transport library's options for this namespace. With a namespace, <paramref name="credential"/>
    /// authenticates (null: the process's one credential for <see cref="EntraId"/>, <see cref="ProcessCredential.For"/>);
    /// a connection string needs none.
    /// </summary>
    /// <exception cref="GeoValidationException">No credential was given and the environment's credential options are malformed.</exception>
    /// <exception cref="GeoConfigurationException">Workload identity without its variables.</exception>
    public ServiceBusTransportOptions ToOptions(TokenCredential? credential = null)
    {
        if (!UsesEntraId) return new ServiceBusTransportOptions { ConnectionString = ConnectionString };
        if (credential is not null) return new ServiceBusTransportOptions { FullyQualifiedNamespace = Namespace, Credential = credential };
        var entraId = EntraId ?? EntraIdOptions.Resolve(null, null);
        // The identity named in an "unauthorized" error: which credential, and a user-assigned identity's client id.
        return new ServiceBusTransportOptions
        {
            FullyQualifiedNamespace = Namespace,
            Credential = ProcessCredential.For(entraId),
            IdentityName = $"Entra ID credential {entraId}",
        };
    }

    /// <summary>For people: <c>geo-prod.servicebus.windows.net (Entra ID)</c> or <c>... (SAS connection string)</c>. Never the key.</summary>
    public override string ToString() =>
        $"{Namespace} ({(UsesEntraId ? "Entra ID" : IsEmulator ? "SAS connection string, development emulator" : "SAS connection string")})";

    // The SDK reads this key but does not expose it; the same rule: present and true.
    private static bool UsesEmulator(string text)
    {
        try
        {
            var parts = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text };
            return parts.TryGetValue("UseDevelopmentEmulator", out var value) && bool.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var on) && on;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The same namespace reached the same way (one client and transport per target in a process).</summary>
    public bool Equals(ServiceBusTarget? other) =>
        other is not null && Namespace == other.Namespace && string.Equals(ConnectionString, other.ConnectionString, StringComparison.Ordinal)
        && Equals(EntraId, other.EntraId);

    public override bool Equals(object? obj) => Equals(obj as ServiceBusTarget);

    public override int GetHashCode() => HashCode.Combine(Namespace, ConnectionString, EntraId);

    private static GeoValidationException NotAHost(string source, string why) => new(NamespaceField, "host_name",
        $"{source} must be a Service Bus namespace name (geo-prod) or its host name (geo-prod{DefaultSuffix}): {why}.");

    private static GeoValidationException Malformed(string source, string field, string why) => new(field, "format",
        $"{source} is not a Service Bus connection string: {why}. Expected Endpoint=sb://NAMESPACE{DefaultSuffix}/;SharedAccessKeyName=...;SharedAccessKey=...");

    private static string Shorten(string text) => text.Length > 60 ? text[..57] + "..." : text;

    // RFC 1123 labels: 1-63 letters, digits and hyphens, not starting or ending with a hyphen; at least two labels.
    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostName();

    // Azure's rule for a namespace name.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$")]
    private static partial Regex NamespaceName();
}
