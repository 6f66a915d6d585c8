using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Amqp;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// Per-connection state: the tokens put on it through $cbs (audience to expiry) and the reply links of its
/// request/response nodes ($cbs, $management), by the reply-to address the client gives in its requests.
/// </summary>
internal sealed class ConnectionState
{
    private static readonly ConditionalWeakTable<AmqpConnection, ConnectionState> States = new();

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.OrdinalIgnoreCase);

    public static ConnectionState Of(AmqpConnection connection) => States.GetValue(connection, _ => new ConnectionState());

    /// <summary>Reply links by their target address (the client's reply-to).</summary>
    public ConcurrentDictionary<string, SendingAmqpLink> ReplyLinks { get; } = new(StringComparer.Ordinal);

    public void PutToken(string audience, DateTimeOffset expiresAt) => _tokens[audience] = expiresAt;

    /// <summary>True when a token put on this connection covers <paramref name="entityPath"/> at <paramref name="now"/>.</summary>
    public bool IsAuthorized(string entityPath, DateTimeOffset now)
    {
        foreach (var (audience, expiresAt) in _tokens)
        {
            if (expiresAt > now && Covers(audience, entityPath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A token for the namespace covers every entity; one for an entity covers it and its subqueues.</summary>
    private static bool Covers(string audience, string entityPath)
    {
        var scope = Uri.TryCreate(audience, UriKind.Absolute, out var uri) ? uri.AbsolutePath : audience;
        scope = Uri.UnescapeDataString(scope).Trim('/');
        var path = entityPath.Trim('/');
        return scope.Length == 0
            || path.Equals(scope, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase);
    }
}
