using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>
/// Entra-style clients (a TokenCredential: the SDK sends jwt tokens, always over TLS) against the double's TLS listener
/// configured to accept a test audience. Always on a double of its own: a real namespace wants real Entra tokens.
/// </summary>
public sealed class DoubleTokenTests : IAsyncLifetime
{
    private const string Audience = "https://servicebus.azure.net";
    private ServiceBusDouble _double = null!;

    public async Task InitializeAsync()
    {
        _double = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { Tls = true, JwtAudience = Audience });
        _double.Queues.CreateQueue("work");
    }

    public async Task DisposeAsync() => await _double.DisposeAsync();

    private ServiceBusClient Client(TokenCredential credential) => new("double.servicebus.windows.net", credential, new ServiceBusClientOptions
    {
        CustomEndpointAddress = new Uri($"sb://127.0.0.1:{_double.TlsPort}"),
        CertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _double.TlsCertificate!.GetCertHashString(),
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(30) },
    });

    [Fact]
    public async Task AJwtForTheAcceptedAudience_SendsAndReceives_OverTls()
    {
        var credential = new TestCredential(Audience, TimeSpan.FromHours(1));
        await using var client = Client(credential);
        await client.CreateSender("work").SendMessageAsync(new ServiceBusMessage("entra") { MessageId = "entra" });
        await using var receiver = client.CreateReceiver("work", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var got = await receiver.OneAsync();

        Assert.Equal("entra", got.MessageId);
        Assert.True(credential.Calls >= 1, "the SDK asked the credential for a token");
        Assert.All(credential.Scopes, s => Assert.Equal("https://servicebus.azure.net/.default", s));
    }

    [Fact]
    public async Task AJwtForAnotherAudience_IsUnauthorized()
    {
        await using var client = Client(new TestCredential("https://storage.azure.com", TimeSpan.FromHours(1)));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.CreateSender("work").SendMessageAsync(new ServiceBusMessage("x")));
        Assert.Equal(new QueueCounts(0, 0, 0), _double.Queues.Counts("work"));
    }

    [Fact]
    public async Task AnExpiredJwt_IsUnauthorized()
    {
        await using var client = Client(new TestCredential(Audience, TimeSpan.FromMinutes(-5)));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.CreateSender("work").SendMessageAsync(new ServiceBusMessage("x")));
    }

    /// <summary>Hands out unsigned JWTs with the given audience and lifetime, counting calls.</summary>
    private sealed class TestCredential(string audience, TimeSpan lifetime) : TokenCredential
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<string> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            lock (Scopes)
            {
                Scopes.AddRange(requestContext.Scopes);
            }

            var expires = DateTimeOffset.UtcNow + lifetime;
            var claims = JsonSerializer.Serialize(new { aud = audience, iss = "https://sts.windows.net/test/", exp = expires.ToUnixTimeSeconds() });
            return new AccessToken($"{Segment("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Segment(claims)}.", expires);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));

        private static string Segment(string json) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
