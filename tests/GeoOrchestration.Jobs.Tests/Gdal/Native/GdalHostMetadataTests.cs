using System.Xml.Linq;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>
/// What the submit checks ask GDAL, against the tools they asked before: a driver's creation
/// options (gdalinfo --format) and whether a CRS is known (gdalsrsinfo --single-line -o wkt2).
/// </summary>
public sealed class GdalHostMetadataTests
{
    [Theory]
    [InlineData("COG")]
    [InlineData("GTiff")]
    public async Task CreationOptions_Driver_IsTheListGdalinfoFormatShows(string driver)
    {
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(new GdalHostRequest { Op = GdalHostOps.CreationOptions, Driver = driver });
        var tool = (await GdalRunner.Default.RunAsync(GdalTools.Info, ["--format", driver], driver, CancellationToken.None)).StandardOutput;

        Assert.True(response.Ok);
        var xml = XElement.Parse(response.ResultAs<GdalHostCreationOptionsResult>().Xml!);
        var shown = XElement.Parse(tool[tool.IndexOf("<CreationOptionList>", StringComparison.Ordinal)..(tool.IndexOf("</CreationOptionList>", StringComparison.Ordinal) + "</CreationOptionList>".Length)]);
        Assert.True(XNode.DeepEquals(shown, xml), xml.ToString());
        Assert.Contains(xml.Elements("Option"), o => (string?)o.Attribute("name") == "COMPRESS");
    }

    [Fact]
    public async Task CreationOptions_UnknownDriver_FailsNamingIt()
    {
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(new GdalHostRequest { Op = GdalHostOps.CreationOptions, Driver = "NoSuchDriver" });

        Assert.False(response.Ok);
        Assert.Contains(response.Messages, m => m.Error && m.Text.Contains("'NoSuchDriver'"));
    }

    [Theory]
    [InlineData("EPSG:32633")]
    [InlineData("EPSG:3857")]
    [InlineData(TestRasters.MarsEquirectangular)]
    public async Task Srs_KnownCrs_IsTheWkt2GdalsrsinfoPrints(string crs)
    {
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(new GdalHostRequest { Op = GdalHostOps.Srs, Text = crs });
        var tool = await GdalRunner.Default.RunAsync(GdalTools.SrsInfo, ["--single-line", "-o", "wkt2", crs], crs, CancellationToken.None);

        Assert.True(response.Ok, string.Join(" ", response.Messages));
        Assert.Equal(tool.StandardOutput.Trim(), response.ResultAs<GdalHostSrsResult>().Wkt);
    }

    [Theory]
    [InlineData("EPSG:99999")]
    [InlineData("not a crs")]
    public async Task Srs_UnknownCrs_FailsWithGdalsrsinfosMessages(string crs)
    {
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(new GdalHostRequest { Op = GdalHostOps.Srs, Text = crs });
        var tool = await ToolSide.FailureAsync(GdalTools.SrsInfo, ["--single-line", "-o", "wkt2", crs], crs);

        Assert.False(response.Ok);
        Assert.False(response.Usage);
        Assert.Equal(tool, response.Messages.Select(m => m.ToGdalMessage()));
    }
}
