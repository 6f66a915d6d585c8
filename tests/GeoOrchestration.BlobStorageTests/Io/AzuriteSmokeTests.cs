using GeoOrchestration.BlobStorageTests.Infrastructure;

namespace GeoOrchestration.BlobStorageTests.Io;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteSmokeTests(AzuriteServer azurite)
{
    [Fact]
    public async Task Azurite_AnswersTheSdk_WithItsWellKnownAccount()
    {
        var container = azurite.NewContainer("smoke");
        await container.GetBlobClient("a.txt").UploadAsync(new BinaryData("hello"));
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) names.Add(blob.Name);
        Assert.Equal(["a.txt"], names);
    }
}
