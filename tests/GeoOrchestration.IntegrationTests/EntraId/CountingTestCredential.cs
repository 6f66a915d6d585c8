using Azure.Core;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.IntegrationTests.EntraId;

/// <summary>
/// A real <see cref="TokenCredential"/> for tests, standing in for Entra ID and Azure.Identity's cache:
/// it counts the calls and hands out its current token until that expires. The current token is the
/// role's password on the test server (set through the administrator's connection), so the server
/// refuses every other token, as Azure refuses an expired one. Time is a fake clock that
/// <see cref="ExpireAsync"/> moves.
/// </summary>
public sealed class CountingTestCredential(PasswordCheckingServer server, string role, FakeTimeProvider time, TimeSpan lifetime) : TokenCredential
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _issued = [];
    private AccessToken? _current;
    private int _calls;

    /// <summary>How many times a token was asked for.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Every token issued, oldest first.</summary>
    public IReadOnlyList<string> Issued { get { lock (_issued) return [.. _issued]; } }

    /// <summary>The scopes of the last request.</summary>
    public string[] LastScopes { get; private set; } = [];

    /// <summary>Issues a first token (as Entra would on the first request: it is valid the moment it exists).</summary>
    public Task StartAsync() => IssueAsync();

    /// <summary>
    /// The current token expires: the clock passes its expiry and the server stops accepting it (its
    /// password becomes the next token, which the credential hands out from now on).
    /// </summary>
    public async Task ExpireAsync()
    {
        time.Advance(lifetime + TimeSpan.FromSeconds(1));
        await IssueAsync();
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        LastScopes = requestContext.Scopes;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } current && time.GetUtcNow() < current.ExpiresOn) return current;
        }
        finally
        {
            _gate.Release();
        }
        return await IssueAsync();
    }

    private async Task<AccessToken> IssueAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // As long as a real token, so that no log line or message would hide it by accident.
            var token = $"test-entra-token-{Guid.NewGuid():N}{Guid.NewGuid():N}";
            await server.SetPasswordAsync(role, token);
            lock (_issued) _issued.Add(token);
            _current = new AccessToken(token, time.GetUtcNow() + lifetime);
            return _current.Value;
        }
        finally
        {
            _gate.Release();
        }
    }
}
