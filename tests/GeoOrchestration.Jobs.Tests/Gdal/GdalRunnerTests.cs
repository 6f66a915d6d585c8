using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal;

public sealed class GdalRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-runner");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RunAsync_FileNameFullOfShellSyntax_ReachesGdalAsOneArgument()
    {
        // Through a shell, this name would run `touch` and split at the spaces and the semicolon.
        var marker = _folder.File("pwned");
        var path = _folder.File($"a b;$(touch {marker}) `touch {marker}` 'q\" *.tif");

        await TestRasters.Utm33Async(path, size: 16);
        var info = await GdalInfoReader.ReadAsync(GdalRunner.Default, path, CancellationToken.None);

        Assert.Equal(16, info.Width);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task RunAsync_ToolNotInTheSearchPath_IsAConfigurationErrorNamingTheToolAndThePackage()
    {
        var runner = new GdalRunner(searchPath: _folder.Path);

        var e = await Assert.ThrowsAsync<GeoConfigurationException>(() =>
            runner.RunAsync(GdalTools.Info, ["--version"], "a check", CancellationToken.None));

        Assert.Equal(GdalFailure.NotFoundId, e.ErrorId);
        Assert.Contains("'gdalinfo' was not found", e.Message);
        Assert.Contains("gdal-bin", e.Message);
        Assert.Contains(_folder.Path, e.Message);
    }

    [Fact]
    public async Task RunAsync_MissingFile_FailsPermanentlyWithGdalsMessage()
    {
        var path = _folder.File("missing.tif");

        var e = await Assert.ThrowsAsync<GdalPermanentException>(() =>
            GdalInfoReader.ReadAsync(GdalRunner.Default, path, CancellationToken.None));

        Assert.Contains("ERROR 4:", e.Message);
        Assert.Contains("No such file or directory", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public async Task RunAsync_NotARaster_FailsPermanentlyWithGdalsMessage()
    {
        var path = await TestRasters.NotARasterAsync(_folder.File("text.tif"));

        var e = await Assert.ThrowsAsync<GdalPermanentException>(() =>
            GdalInfoReader.ReadAsync(GdalRunner.Default, path, CancellationToken.None));

        Assert.Contains("not recognized as a supported file format", e.Message);
    }

    [Fact]
    public async Task RunAsync_CorruptPixels_FailsPermanentlyWithTheReadErrors()
    {
        var path = await TestRasters.CorruptAsync(_folder.File("corrupt.tif"));

        var e = await Assert.ThrowsAsync<GdalPermanentException>(() => GdalRunner.Default.RunAsync(GdalTools.Translate,
            ["-q", "-of", "COG", path, _folder.File("out.tif")], path, CancellationToken.None));

        Assert.Equal(1, e.ExitCode);
        Assert.Contains("IReadBlock failed", e.Message);
        Assert.All(e.Messages.Where(m => m.IsError), m => Assert.Equal(GdalMessage.AppDefined, m.Number));
        Assert.Equal(Engine.FailureKind.Permanent, FailureKindOf(e));
    }

    [Fact]
    public async Task RunAsync_IoErrorLine_IsTransient()
    {
        var runner = FakeTool("gdalinfo", "echo 'ERROR 3: /mnt/share/a.tif: Read failed' >&2; exit 1");

        var e = await Assert.ThrowsAsync<GdalTransientException>(() =>
            runner.RunAsync(GdalTools.Info, ["-json", "/mnt/share/a.tif"], "/mnt/share/a.tif", CancellationToken.None));

        Assert.Contains("ERROR 3: /mnt/share/a.tif: Read failed", e.Message);
        Assert.Equal(Engine.FailureKind.Transient, FailureKindOf(e));
    }

    [Fact]
    public async Task RunAsync_ProcessKilledBySignal_IsTransient()
    {
        var runner = FakeTool("gdal_translate", "kill -9 $$");

        var e = await Assert.ThrowsAsync<GdalTransientException>(() =>
            runner.RunAsync(GdalTools.Translate, ["in.tif", "out.tif"], "in.tif", CancellationToken.None));

        Assert.Contains("killed by signal 9", e.Message);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheToolAndItsChildren()
    {
        var pids = _folder.File("pids");
        // Each pid file is written whole, then renamed into place: a test that sees it sees it complete.
        var runner = FakeTool("gdalwarp",
            $"sleep 300 & echo $! > '{pids}.tmp'; mv '{pids}.tmp' '{pids}.child'; echo $$ > '{pids}.tmp'; mv '{pids}.tmp' '{pids}'; wait");
        using var cancel = new CancellationTokenSource();

        var running = runner.RunAsync(GdalTools.Warp, ["in.tif", "out.tif"], "in.tif", cancel.Token);
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(pids)));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        foreach (var pid in new[] { File.ReadAllText(pids).Trim(), File.ReadAllText(pids + ".child").Trim() })
            await Eventually.TrueAsync(() => Task.FromResult(IsGone(pid)));
    }

    [Theory]
    [InlineData("ERROR 1: TIFFReadEncodedStrip() failed.", false)]
    [InlineData("ERROR 4: `x.tif' not recognized as a supported file format.", false)]
    [InlineData("ERROR 4: /mnt/a.tif: Input/output error", true)]
    [InlineData("ERROR 3: Write error", true)]
    [InlineData("ERROR 11: HTTP response code: 503", true)]
    [InlineData("ERROR 2: Out of memory allocating 4 GB", true)]
    public void From_ErrorLine_IsClassifiedByItsClassAndErrno(string line, bool transient)
    {
        var e = GdalFailure.From("gdal_translate", "x.tif", 1, $"Input file size is 1, 1\n{line}\n");

        Assert.Equal(transient, e is GdalTransientException);
        Assert.Contains(line, e.Message);
    }

    [Fact]
    public void From_NoErrorLine_IsTransientAndQuotesTheLastOutput()
    {
        var e = GdalFailure.From("gdalwarp", "x.tif", 2, "something odd happened\n");

        Assert.IsType<GdalTransientException>(e);
        Assert.Contains("exited with code 2: something odd happened", e.Message);
    }

    private static Engine.FailureKind FailureKindOf(Exception e) => Engine.ExceptionClassifier.Classify(e);

    /// <summary>A runner whose <paramref name="tool"/> is a shell script of ours, to play failures GDAL cannot be made to have.</summary>
    private GdalRunner FakeTool(string tool, string script)
    {
        var bin = _folder.File("bin", tool);
        File.WriteAllText(bin, $"#!/bin/sh\n{script}\n");
        // The fake tools are shell scripts: these tests (like GDAL's tools here) need a Unix machine.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new GdalRunner(searchPath: Path.GetDirectoryName(bin));
    }

    private static bool IsGone(string pid) => Host.HostProcesses.IsGone(int.Parse(pid));
}
