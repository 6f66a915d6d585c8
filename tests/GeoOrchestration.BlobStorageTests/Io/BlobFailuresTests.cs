using Azure;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>The SDK's failures in the engine's taxonomy, in a line of our own (the SDK's text, which may quote request details, never passed on).</summary>
public sealed class BlobFailuresTests
{
    private static readonly BlobLocation Location = new()
    {
        Account = "geodata",
        ServiceUri = new Uri("https://geodata.blob.core.windows.net"),
        Container = "scenes",
    };

    [Theory]
    [InlineData(404, "ContainerNotFound", "container 'scenes' does not exist")]
    [InlineData(404, "BlobNotFound", "blob 'a.tif' does not exist")]
    [InlineData(403, "AuthenticationFailed", "refused the credentials")]
    [InlineData(403, "AuthorizationPermissionMismatch", "no permission")]
    [InlineData(403, "AuthorizationFailure", "no permission")]
    [InlineData(400, "InvalidBlobOrBlock", "refused the request")]
    public void Map_ClientErrors_ArePermanent(int status, string code, string reason)
    {
        var mapped = BlobFailures.Map(new RequestFailedException(status, "SDK text with sig=SECRETSIG", code, null), Location, "a.tif", "download");
        Assert.IsType<PermanentTaskException>(mapped);
        Assert.Contains(reason, mapped.Message);
        Assert.Contains($"{status} {code}", mapped.Message);
        Assert.Contains("'scenes'", mapped.Message);
        Assert.DoesNotContain("SECRETSIG", mapped.Message);
        Assert.Null(mapped.InnerException);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Map_ThrottlingAndServerErrors_AreTransient(int status)
    {
        var mapped = BlobFailures.Map(new RequestFailedException(status, "SDK text with sig=SECRETSIG", "ServerBusy", null), Location, null, "listing");
        Assert.IsType<TransientTaskException>(mapped);
        Assert.DoesNotContain("SECRETSIG", mapped.Message);
    }

    [Fact]
    public void Map_RetriesExhaustedOnTheNetwork_IsTransient()
    {
        // Azure.Core's pipeline ends a request whose every try failed on the network with an AggregateException.
        var exhausted = new AggregateException(new RequestFailedException(0, "connection refused to http://host/?sig=SECRETSIG", new HttpRequestException("refused")),
            new RequestFailedException(0, "connection refused", new HttpRequestException("refused")));
        Assert.True(BlobFailures.IsBlobFailure(exhausted));
        var mapped = BlobFailures.Map(exhausted, Location, "a.tif", "upload");
        Assert.IsType<TransientTaskException>(mapped);
        Assert.Contains("could not be reached", mapped.Message);
        Assert.DoesNotContain("SECRETSIG", mapped.Message);
    }
}
