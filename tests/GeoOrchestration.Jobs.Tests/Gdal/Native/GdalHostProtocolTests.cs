using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>
/// Requests the host cannot run, and output it must keep out of the protocol: each gets a
/// well-formed answer, and the host answers the next request as usual.
/// </summary>
public sealed class GdalHostProtocolTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-host-protocol");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> BadOptions => new() { "info-unknown-option", "translate-missing-value", "warp-missing-value" };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Request_OptionsGdalCannotParse_IsAUsageErrorWithGdalsMessageAndTheHostGoesOn(string kind)
    {
        var path = await TestRasters.Utm33Async(_folder.File("in.tif"), size: 16);
        var request = kind switch
        {
            "info-unknown-option" => GdalHostRequests.Info(path, "-json", "-no-such-option"),
            "translate-missing-value" => GdalHostRequests.Translate(path, _folder.File("out.tif"), "-of"),
            "warp-missing-value" => GdalHostRequests.Warp(path, _folder.File("out.vrt"), "-of", "VRT", "-t_srs"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(request);
        var next = await host.SendAsync(GdalHostRequests.Info(path));

        Assert.False(response.Ok);
        Assert.True(response.Usage);
        Assert.Contains(response.Messages, m => m.Error);
        Assert.False(File.Exists(_folder.File("out.tif")));
        Assert.False(File.Exists(_folder.File("out.vrt")));
        Assert.True(next.Ok);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"id":1,"op":"no_such_op"}""", "Unknown op 'no_such_op'" },
        { """{"id":1,"op":"info"}""", "'path'" },
        { """{"id":1,"op":"translate","source":"/x.tif","args":[]}""", "'destination'" },
        { """{"id":1,"op":"transform","path":"/x.tif","target_srs":"EPSG:4326","points":[[1]]}""", "[column, row]" },
        { """{"id":1,"op":"info","path":7}""", "not the JSON object expected" },
        { "not json at all", "not the JSON object expected" },
        { "[1,2]", "not the JSON object expected" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Request_Malformed_IsAnsweredAsAUsageErrorAndTheHostGoesOn(string line, string expected)
    {
        var path = await TestRasters.Utm33Async(_folder.File("in.tif"), size: 16);
        await using var host = await RawGdalHost.StartAsync();

        var response = GdalHostJson.Read<GdalHostResponse>(await host.SendLineAsync(line));
        var next = await host.SendAsync(GdalHostRequests.Info(path));

        Assert.False(response.Ok);
        Assert.True(response.Usage);
        Assert.Contains(response.Messages, m => m.Error && m.Text.Contains(expected));
        Assert.True(next.Ok);
        Assert.False(host.Process.HasExited);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("GTiff")]
    public async Task Translate_ToStandardOutput_GoesToTheLogAndTheProtocolStaysWellFormed(string format)
    {
        // GDAL's /vsistdout/ writes to fd 1: the XYZ driver streams "x y value" lines, GTiff binary.
        // Written to the host's protocol stream they would be read as responses.
        var path = await TestRasters.Utm33Async(_folder.File("in.tif"), size: 16);
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Translate(path, "/vsistdout/", "-of", format));
        var next = await host.SendAsync(GdalHostRequests.Info(path));
        Assert.Equal(0, await host.StopAsync());

        Assert.True(response.Ok, string.Join(" ", response.Messages));
        Assert.True(next.Ok);
        if (format == "XYZ") Assert.Contains("500015 4999985 7", host.StandardError);
    }
}
