using System.Net;
using System.Security.Cryptography;
using System.Text;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>
/// Calls the SDK cannot make (it will not send a changed RequiresDuplicateDetection, or an expired token), made by hand
/// over HTTP with a SAS token signed the way the service documents it.
/// </summary>
public sealed class RawAdministrationTests : IAsyncLifetime
{
    private const string KeyName = "RootManageSharedAccessKey";
    private const string Key = "raw-test-key";
    private readonly HttpClient http = new();
    private ServiceBusDouble server = null!;
    private IQueueCatalog catalog = null!;

    public async Task InitializeAsync()
    {
        server = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { SharedAccessKeyName = KeyName, SharedAccessKey = Key });
        catalog = server.Queues;
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Update_ChangingDuplicateDetection_Is400NamingTheSetting_AndChangesNothing()
    {
        catalog.TryCreate("geo-tasks", new QueueSettings { RequiresDuplicateDetection = false, MaxDeliveryCount = 3 });

        using var response = await Put("geo-tasks", "<RequiresDuplicateDetection>true</RequiresDuplicateDetection><MaxDeliveryCount>8</MaxDeliveryCount>",
            Token(DateTimeOffset.UtcNow.AddMinutes(5)), ifMatch: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("RequiresDuplicateDetection", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, catalog.Find("geo-tasks")!.MaxDeliveryCount);
    }

    [Fact]
    public async Task Update_OfAMissingQueue_Is404_AndCreatesNothing()
    {
        using var response = await Put("geo-tasks", "<MaxDeliveryCount>8</MaxDeliveryCount>", Token(DateTimeOffset.UtcNow.AddMinutes(5)), ifMatch: true);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(catalog.Find("geo-tasks"));
    }

    [Fact]
    public async Task Create_WithAnExpiredToken_Is401()
    {
        using var response = await Put("geo-tasks", "", Token(DateTimeOffset.UtcNow.AddMinutes(-1)), ifMatch: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
        Assert.Null(catalog.Find("geo-tasks"));
    }

    [Fact]
    public async Task Create_WithNoToken_Is401()
    {
        using var response = await Put("geo-tasks", "", token: null, ifMatch: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(catalog.Find("geo-tasks"));
    }

    [Theory]
    [InlineData("<LockDuration>PT2S</LockDuration>", "LockDuration")]
    [InlineData("<MaxDeliveryCount>0</MaxDeliveryCount>", "MaxDeliveryCount")]
    [InlineData("<DuplicateDetectionHistoryTimeWindow>PT5S</DuplicateDetectionHistoryTimeWindow>", "DuplicateDetectionHistoryTimeWindow")]
    [InlineData("<LockDuration>soon</LockDuration>", "LockDuration")]
    public async Task Create_WithAValueOutsideTheServicesRules_Is400NamingIt(string element, string setting)
    {
        using var response = await Put("geo-tasks", element, Token(DateTimeOffset.UtcNow.AddMinutes(5)), ifMatch: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(setting, await response.Content.ReadAsStringAsync());
        Assert.Null(catalog.Find("geo-tasks"));
    }

    private async Task<HttpResponseMessage> Put(string queue, string elements, string? token, bool ifMatch)
    {
        var body = "<entry xmlns=\"http://www.w3.org/2005/Atom\"><content type=\"application/xml\">"
            + $"<QueueDescription xmlns=\"http://schemas.microsoft.com/netservices/2010/10/servicebus/connect\">{elements}</QueueDescription>"
            + "</content></entry>";
        using var request = new HttpRequestMessage(HttpMethod.Put, $"http://127.0.0.1:{server.AdministrationPort}/{queue}?api-version=2021-05")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/atom+xml"),
        };
        if (token is not null)
            request.Headers.TryAddWithoutValidation("Authorization", token);
        if (ifMatch)
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        return await http.SendAsync(request);
    }

    // As servicebus-rest.md §2 documents it: sig = base64(HMACSHA256(utf8(key), urlencode(uri) + "\n" + expiry)).
    private static string Token(DateTimeOffset expiry)
    {
        var resource = WebUtility.UrlEncode("https://127.0.0.1/");
        var se = expiry.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sig = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(resource + "\n" + se)));
        return $"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(sig)}&se={se}&skn={KeyName}";
    }
}
