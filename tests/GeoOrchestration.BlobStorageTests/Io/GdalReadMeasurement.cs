using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Jobs.Storage;
using GeoOrchestration.StoreConformance.Rasters;
using Xunit.Abstractions;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>
/// How a conversion should read a blob source: GDAL through <c>/vsiaz/</c> (ranged GETs), or the task downloads the
/// blob to a temporary file and GDAL reads that. Both produce the same COG (asserted, by pixel checksums); the
/// figures (seconds, requests Azurite served) are printed, not asserted: the lead chooses from them.
/// GDAL reaches Azurite with <c>AZURE_STORAGE_CONNECTION_STRING</c> holding a <c>BlobEndpoint</c>, in its own environment.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GdalReadMeasurement(AzuriteServer azurite, ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-blob-gdal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ConvertFromBlob_ThroughVsiazAndAfterDownload_GiveTheSameCog_AndTheirTimesArePrinted()
    {
        var container = azurite.NewContainer("gdal");
        var sizes = Enumerable.Repeat(512, 20).Concat(Enumerable.Repeat(2048, 4)).ToList();
        var names = new List<string>();
        for (var i = 0; i < sizes.Count; i++)
        {
            var local = await TestRasters.NoiseAsync(Path.Combine(_folder, "in", $"r{i:D2}_{sizes[i]}.tif"), sizes[i] + i);
            var name = $"scenes/{Path.GetFileName(local)}";
            await container.GetBlobClient(name).UploadAsync(local);
            names.Add(name);
        }
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        var storage = azurite.Storage(proxy.Endpoint);
        var location = TransferTests.Location(storage, AzuriteServer.Az(container.Name));
        var environment = azurite.ChildEnvironment(proxy.Endpoint);

        var modes = new (string Mode, Func<string, string, Task> Convert)[]
        {
            ("vsiaz", (name, target) => Translate($"/vsiaz/{container.Name}/{name}", target, environment)),
            ("vsiaz+EMPTY_DIR", (name, target) => Translate($"/vsiaz/{container.Name}/{name}", target,
                new Dictionary<string, string?>(environment) { ["GDAL_DISABLE_READDIR_ON_OPEN"] = "EMPTY_DIR" })),
            ("download", async (name, target) =>
            {
                var temporary = Path.Combine(_folder, "download-" + Path.GetFileName(name));
                await new BlobTransfer(storage).DownloadAsync(location, name, temporary, CancellationToken.None);
                await Translate(temporary, target, environment);
                File.Delete(temporary);
            }),
        };
        var checksums = new Dictionary<string, string>();
        foreach (var (mode, convert) in modes)
        {
            foreach (var group in names.GroupBy(n => n.EndsWith("_2048.tif", StringComparison.Ordinal) ? "4 x 2048x2048" : "20 x 512x512"))
            {
                var before = proxy.Requests.Count;
                var watch = Stopwatch.StartNew();
                foreach (var name in group)
                    await convert(name, Path.Combine(_folder, mode, Path.GetFileName(name)));
                watch.Stop();
                var requests = proxy.Requests.Skip(before).ToList();
                var line = $"{mode,-17} {group.Key}: {watch.Elapsed.TotalSeconds,6:0.00} s, {requests.Count} requests " +
                    $"({requests.Count(r => r.Method is "GET" && !r.Has("comp=list"))} GET, {requests.Count(r => r.Method == "HEAD")} HEAD, {requests.Count(r => r.Has("comp=list"))} list)";
                output.WriteLine(line);
            }
            foreach (var name in names)
            {
                var checksum = await Checksum(Path.Combine(_folder, mode, Path.GetFileName(name)));
                if (checksums.TryGetValue(name, out var first)) Assert.Equal(first, checksum);
                else checksums[name] = checksum;
            }
        }
        Assert.Equal(names.Count, checksums.Count);
    }

    private static async Task Translate(string source, string target, IReadOnlyDictionary<string, string?> environment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var (exit, text) = await Run("gdal_translate", ["-q", "-of", "COG", source, target], environment);
        Assert.True(exit == 0, $"gdal_translate {source} failed (exit {exit}): {text}");
    }

    private static async Task<string> Checksum(string path)
    {
        var (exit, text) = await Run("gdalinfo", ["-json", "-checksum", path], new Dictionary<string, string?>());
        Assert.Equal(0, exit);
        var info = JsonNode.Parse(text)!;
        Assert.Equal("COG", info["metadata"]?["IMAGE_STRUCTURE"]?["LAYOUT"]?.GetValue<string>());
        return string.Join(",", info["bands"]!.AsArray().Select(b => b!["checksum"]!.GetValue<int>()));
    }

    private static async Task<(int Exit, string Output)> Run(string tool, string[] arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
