using Microsoft.Azure.Amqp;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// The $cbs node: put-token stores a valid token on the connection (200) or refuses it (401), so links attach only
/// with a token covering their entity. While <see cref="DoubleFaults.ExpireTokens"/> is set every token is refused
/// as expired, which drives the SDK's token refresh and failure paths.
/// </summary>
internal sealed class CbsNode : RequestResponseNode
{
    public const string Address = "$cbs";

    private readonly AmqpHostContext _context;

    public CbsNode(AmqpHostContext context) => _context = context;

    protected override Task<AmqpMessage> HandleAsync(AmqpMessage request, AmqpLink requestLink)
    {
        var map = request.ApplicationProperties?.Map;
        var operation = map?["operation"] as string;
        if (operation != "put-token")
        {
            return Task.FromResult(Reply(400, $"Operation '{operation}' is not supported by $cbs."));
        }

        var type = map!["type"] as string;
        var audience = map["name"] as string ?? "";
        var token = request.ValueBody?.Value as string;
        if (_context.Faults.ExpireTokens)
        {
            return Task.FromResult(Reply(401, "The token has expired (fault injected)."));
        }

        var expiresAt = _context.Tokens.Validate(type, token, out var reason);
        if (expiresAt is null)
        {
            return Task.FromResult(Reply(401, reason));
        }

        ConnectionState.Of(requestLink.Session.Connection).PutToken(audience, expiresAt.Value);
        return Task.FromResult(Reply(200, "OK"));
    }

    private static AmqpMessage Reply(int status, string description) =>
        Response(status, description, "status-code", "status-description");
}
