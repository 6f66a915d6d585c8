using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>
/// Inputs GDAL refuses: the host answers ok=false with exactly the ERROR and Warning lines the tool
/// printed for the same input (number and text, in order), and answers the next request as usual.
/// </summary>
public sealed class GdalHostErrorTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-host-errors");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Unreadable => new() { "missing", "text", "truncated-header" };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task Info_UnreadableFile_FailsWithGdalinfosMessagesAndTheHostGoesOn(string kind)
    {
        var path = await MakeAsync(kind);
        var good = await TestRasters.Utm33Async(_folder.File("good.tif"), size: 16);
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Info(path));
        var next = await host.SendAsync(GdalHostRequests.Info(good));
        var tool = await ToolSide.FailureAsync(GdalTools.Info, [.. GdalHostRequests.InfoArguments, path], path);

        Assert.False(response.Ok);
        Assert.False(response.Usage);
        Assert.NotEmpty(tool);
        Assert.Equal(tool, response.Messages.Select(m => m.ToGdalMessage()));
        Assert.True(next.Ok, string.Join(" ", next.Messages));
        Assert.Empty(next.Messages);
    }

    [Fact]
    public async Task Info_TiffCutShortInItsTags_SucceedsWithGdalinfosWarnings()
    {
        var path = await TruncatedAsync(_folder.File("cut.tif"), 200);
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Info(path));
        var tool = await GdalRunner.Default.RunAsync(GdalTools.Info, [.. GdalHostRequests.InfoArguments, path], path, CancellationToken.None);

        Assert.True(response.Ok);
        Assert.Contains(response.Messages, m => !m.Error && m.Text.Contains("IO error during reading"));
        Assert.Equal(tool.Messages, response.Messages.Select(m => m.ToGdalMessage()));
    }

    [Fact]
    public async Task Translate_PixelsCannotBeRead_FailsWithGdalTranslatesMessagesAndNoFileIsLeftOpen()
    {
        var source = await TestRasters.CorruptAsync(_folder.File("corrupt.tif"));
        string[] args = ["-q", "-of", "COG", "-co", "COMPRESS=DEFLATE"];
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Translate(source, _folder.File("host.tif"), args));
        var next = await host.SendAsync(GdalHostRequests.Info(source));
        var tool = await ToolSide.FailureAsync(GdalTools.Translate, [.. args, source, _folder.File("tool.tif")], source);

        Assert.False(response.Ok);
        Assert.Contains(response.Messages, m => m.Error && m.Text.Contains("IReadBlock failed"));
        Assert.Equal(tool, response.Messages.Select(m => m.ToGdalMessage()));
        Assert.True(next.Ok);
        var open = Directory.GetFiles($"/proc/{host.Process.Id}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "");
        Assert.DoesNotContain(open, t => t.StartsWith(_folder.Path, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("translate")]
    [InlineData("warp")]
    public async Task WriteToVrt_FailsWhenItIsClosed_FailsWithTheToolsMessages(string op)
    {
        // A VRT's XML is written when the dataset is closed; on /dev/full that write fails (ENOSPC).
        var source = await TestRasters.Utm33Async(_folder.File("in.tif"), size: 16);
        string[] args = ["-q", "-of", "VRT"];
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(op == "warp" ? GdalHostRequests.Warp(source, "/dev/full", args) : GdalHostRequests.Translate(source, "/dev/full", args));
        var tool = await ToolSide.FailureAsync(op == "warp" ? GdalTools.Warp : GdalTools.Translate, [.. args, source, "/dev/full"], source);

        Assert.False(response.Ok);
        Assert.Contains(response.Messages, m => m.Error && m.Number == GdalMessage.FileIO && m.Text.Contains("/dev/full"));
        Assert.Equal(tool, response.Messages.Select(m => m.ToGdalMessage()));
    }

    private async Task<string> MakeAsync(string kind) => kind switch
    {
        "missing" => _folder.File("missing.tif"),
        "text" => await TestRasters.NotARasterAsync(_folder.File("text.tif")),
        "truncated-header" => await TruncatedAsync(_folder.File("truncated.tif"), 60),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A 256x256 GeoTIFF cut to its first <paramref name="bytes"/> bytes.</summary>
    private static async Task<string> TruncatedAsync(string path, int bytes)
    {
        var whole = await TestRasters.Utm33Async(path + ".whole.tif");
        await File.WriteAllBytesAsync(path, (await File.ReadAllBytesAsync(whole))[..bytes]);
        File.Delete(whole);
        return path;
    }
}
