using Azure.Core;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>A credential that is never asked: resolution and options only carry it.</summary>
internal sealed class FixedCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Resolution must not ask for a token.");

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Resolution must not ask for a token.");
}
