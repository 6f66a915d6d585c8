using System.Diagnostics;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>What the tests look at in GDAL host processes from outside, through /proc and signals.</summary>
internal static class HostProcesses
{
    /// <summary>Gone, or a zombie nobody reaps (in a container the init process may not): either way no longer running.</summary>
    public static bool IsGone(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return true;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static bool IsAlive(int pid) => !IsGone(pid);

    /// <summary>SIGKILL, as the OOM killer sends it.</summary>
    public static void KillHard(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary>The variables a process was started with (NAME=value), from /proc/PID/environ.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.First().Length > 1 ? g.First()[1] : "", StringComparer.Ordinal);

    /// <summary>Resident set of a process in bytes, from /proc/PID/status (VmRSS).</summary>
    public static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>
    /// A VRT of <paramref name="size"/>² pixels, every one read from <paramref name="source"/> stretched
    /// over it, so a translate of it must compute and compress every block: minutes of work on any
    /// machine. (A VRT band without sources reports empty coverage, and GTiff then skips its blocks:
    /// such a translate ended in under half a second on a quiet machine, before the test could kill it.)
    /// </summary>
    public static string WriteHugeVrt(string path, int size, string source)
    {
        File.WriteAllText(path,
            $"""
            <VRTDataset rasterXSize="{size}" rasterYSize="{size}">
              <SRS>EPSG:32633</SRS>
              <GeoTransform>500000, 1, 0, 5000000, 0, -1</GeoTransform>
              <VRTRasterBand dataType="Byte" band="1">
                <ComplexSource>
                  <SourceFilename relativeToVRT="0">{System.Security.SecurityElement.Escape(source)}</SourceFilename>
                  <SourceBand>1</SourceBand>
                  <DstRect xOff="0" yOff="0" xSize="{size}" ySize="{size}"/>
                  <ScaleOffset>1</ScaleOffset>
                </ComplexSource>
              </VRTRasterBand>
            </VRTDataset>
            """);
        return path;
    }

    /// <summary>A FIFO nobody writes to: GDALOpen on it blocks for ever.</summary>
    public static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path } })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>A shell script to stand in for the host program, to play a host that misbehaves before its hello.</summary>
    public static string WriteScript(string path, string body)
    {
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        // The stand-ins are shell scripts: these tests (like GDAL's hosts here) need a Unix machine.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
