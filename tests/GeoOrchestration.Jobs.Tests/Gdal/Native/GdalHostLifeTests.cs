using System.Diagnostics;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>How a host starts and ends: the library it loads, its parent, its stdin.</summary>
public sealed class GdalHostLifeTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-host-life");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Start_LibraryNamedByTheEnvironmentIsMissing_SaysSoInItsHelloAndExits3()
    {
        await using var host = await RawGdalHost.StartAsync(new Dictionary<string, string> { ["GEO_GDAL_LIBRARY"] = "/nonexistent/libgdal.so" });

        Assert.False(host.Hello.Ok);
        Assert.Equal(GdalHostHello.LibraryMissing, host.Hello.Error);
        Assert.Contains("GDAL's library could not be loaded: tried /nonexistent/libgdal.so (", host.Hello.Message);
        Assert.Contains("No such file or directory", host.Hello.Message);
        Assert.Equal(GdalHostExitCodes.LibraryMissing, await host.StopAsync());
    }

    [Fact]
    public async Task Start_LibraryNamedByTheEnvironmentIsNotGdal_SaysSoInItsHelloAndExits3()
    {
        await using var host = await RawGdalHost.StartAsync(new Dictionary<string, string> { ["GEO_GDAL_LIBRARY"] = "libz.so.1" });

        Assert.False(host.Hello.Ok);
        Assert.Equal(GdalHostHello.LibraryMissing, host.Hello.Error);
        Assert.Contains("libz.so.1 is not GDAL", host.Hello.Message);
        Assert.Equal(GdalHostExitCodes.LibraryMissing, await host.StopAsync());
    }

    [Fact]
    public async Task Start_LibraryNamedByTheEnvironmentByItsPath_IsTheOneLoaded()
    {
        string loaded;
        await using (var found = await RawGdalHost.StartAsync())
        {
            // The file the default search loaded, from the host's own memory map.
            loaded = File.ReadAllLines($"/proc/{found.Process.Id}/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
                .First(p => Path.GetFileName(p).StartsWith("libgdal.so", StringComparison.Ordinal));
        }

        await using var host = await RawGdalHost.StartAsync(new Dictionary<string, string> { ["GEO_GDAL_LIBRARY"] = loaded });

        Assert.True(host.Hello.Ok, host.Hello.Message);
        Assert.Equal(loaded, host.Hello.Library);
    }

    [Fact]
    public async Task Start_ParentGivenIsNotItsParent_ExitsAtOnceWithoutAHello()
    {
        // PID 1 is alive but is not the host's parent: as when the worker died between starting it and its prctl.
        await using var host = await RawGdalHost.StartAsync(parent: 1, readHello: false);

        Assert.Null(await host.ReadLineAsync());
        Assert.Equal(GdalHostExitCodes.ParentGone, await host.StopAsync());
        Assert.Contains("its parent 1 exited", host.StandardError);
    }

    [Fact]
    public async Task Stdin_Closed_ExitsWithZero()
    {
        await using var host = await RawGdalHost.StartAsync();

        Assert.True(host.Hello.Ok);
        Assert.Equal(GdalHostExitCodes.Done, await host.StopAsync());
    }

    [Fact]
    public async Task ParentKilled_WhileTheHostIsStuckInGdal_TheHostDiesToo()
    {
        // A FIFO no one writes to blocks GDAL's open for good: only the parent-death signal ends this host.
        var fifo = _folder.File("stuck.tif");
        await RunAsync("mkfifo", fifo);
        var script = _folder.File("parent.py");
        await File.WriteAllTextAsync(script, """
            import os, subprocess, sys, time
            host = subprocess.Popen([sys.argv[1], sys.argv[2], "--parent", str(os.getpid())], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            hello = host.stdout.readline()
            host.stdin.write(('{"id":1,"op":"info","path":"%s","args":["-json"]}\n' % sys.argv[3]).encode())
            host.stdin.flush()
            print(host.pid, flush=True)
            time.sleep(600)
            """);
        var parent = Process.Start(new ProcessStartInfo("python3", [script, RawGdalHost.Muxer, RawGdalHost.HostAssembly, fifo])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var hostPid = int.Parse((await parent.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(IsBlockedOnTheFifo(hostPid, fifo)), seconds: 120);

            parent.Kill();
            await parent.WaitForExitAsync();

            await Eventually.TrueAsync(() => Task.FromResult(!IsAlive(hostPid)), seconds: 60);
        }
        finally
        {
            parent.Dispose();
            if (IsAlive(hostPid)) Process.GetProcessById(hostPid).Kill();
        }
    }

    /// <summary>Whether the process runs (a zombie, dead and waiting for a parent that is not ours to reap it, does not).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Whether the host has got as far as opening the FIFO (its open() blocks until a writer comes).</summary>
    private static bool IsBlockedOnTheFifo(int pid, string fifo)
    {
        try
        {
            // Blocked in open(): the call is in flight, so /proc/PID/syscall shows syscall 257 (openat) on x86-64, 56 on arm64.
            var syscall = File.ReadAllText($"/proc/{pid}/syscall").Split(' ')[0];
            return syscall is "257" or "56" || Directory.GetFiles($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget == fifo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited with {process.ExitCode}.");
    }
}
