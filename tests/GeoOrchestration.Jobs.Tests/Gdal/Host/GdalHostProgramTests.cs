using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>Where the worker finds the host program, over real folders laid out as installations are.</summary>
public sealed class GdalHostProgramTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-host-program");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Locate_SharedRuntime_RunsTheDllWithItsMuxer()
    {
        var muxer = Touch("dotnet-root", "dotnet");
        var runtime = Folder("dotnet-root", "shared", "Microsoft.NETCore.App", "10.0.12");
        var dll = Touch("app", "GeoOrchestration.GdalHost.dll");
        Touch("path", "dotnet");

        var program = GdalHostProgram.Locate(null, Path.GetDirectoryName(dll)!, runtime, null, _folder.File("path"));

        Assert.Equal(muxer, program.FileName);
        Assert.Equal([dll], program.Arguments);
    }

    [Fact]
    public void Locate_SelfContainedProcessWithDotnetOnThePath_RunsTheDllWithThatDotnet()
    {
        // A standalone pwsh: its runtime is its own folder, with no muxer three levels up.
        var runtime = Folder("opt", "microsoft", "powershell", "7");
        var dll = Touch("module", "dependencies", "GeoOrchestration.GdalHost.dll");
        var onPath = Touch("usr", "bin", "dotnet");

        var program = GdalHostProgram.Locate(null, Path.GetDirectoryName(dll)!, runtime, null,
            $"{_folder.File("nothing")}{Path.PathSeparator}{Path.GetDirectoryName(onPath)}");

        Assert.Equal(onPath, program.FileName);
        Assert.Equal([dll], program.Arguments);
    }

    [Fact]
    public void Locate_SelfContainedPublish_RunsTheApphost()
    {
        var runtime = Folder("app");
        var apphost = Touch("app", "GeoOrchestration.GdalHost");

        var program = GdalHostProgram.Locate(null, runtime, runtime, null, "");

        Assert.Equal(apphost, program.FileName);
        Assert.Empty(program.Arguments);
    }

    [Fact]
    public void Locate_NothingInstalled_IsTheGdalNotFoundErrorNamingWhatWasLookedFor()
    {
        var app = Folder("app");

        var e = Assert.Throws<GeoConfigurationException>(() => GdalHostProgram.Locate(null, app, app, null, ""));

        Assert.Equal(GdalFailure.NotFoundId, e.ErrorId);
        Assert.Contains(Path.Combine(app, "GeoOrchestration.GdalHost.dll"), e.Message);
        Assert.Contains(Path.Combine(app, "GeoOrchestration.GdalHost"), e.Message);
        Assert.Contains("no dotnet", e.Message);
    }

    private string Touch(params string[] parts)
    {
        var path = _folder.File(parts);
        File.WriteAllText(path, "");
        return path;
    }

    private string Folder(params string[] parts)
    {
        var path = Path.Combine([_folder.Path, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }
}
