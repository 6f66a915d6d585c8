using System.Runtime.InteropServices;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// How to start the GDAL host: <c>dotnet GeoOrchestration.GdalHost.dll</c> with the muxer of the
/// runtime this process runs on (the host is framework-dependent, like the module and the CLI), or
/// the apphost of a self-contained publish (the container image), where there is no muxer.
/// </summary>
/// <param name="FileName">The executable started.</param>
/// <param name="Arguments">Its first arguments (the host's .dll for the muxer; none for an apphost).</param>
internal sealed record GdalHostProgram(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The host's assembly name: its .dll, and its apphost without an extension (.exe on Windows).</summary>
    public const string AssemblyName = "GeoOrchestration.GdalHost";

    /// <summary>
    /// The program for <paramref name="hostPath"/> (a .dll, run with the muxer, or an executable), or,
    /// when null, the one beside this assembly. Throws the <see cref="GdalFailure.HostNotFound"/>
    /// configuration error naming what was looked for when it is not there.
    /// </summary>
    public static GdalHostProgram Locate(string? hostPath)
    {
        var muxer = Muxer();
        if (hostPath is not null)
        {
            var full = Path.GetFullPath(hostPath);
            if (!File.Exists(full)) throw GdalFailure.HostNotFound($"'{full}'");
            if (!full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return new GdalHostProgram(full, []);
            return muxer is not null ? new GdalHostProgram(muxer, [full])
                : throw GdalFailure.HostNotFound($"a dotnet executable to run '{full}' with (none at {MuxerCandidate()})");
        }
        var folder = Folder();
        var dll = Path.Combine(folder, AssemblyName + ".dll");
        if (muxer is not null && File.Exists(dll)) return new GdalHostProgram(muxer, [dll]);
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? AssemblyName + ".exe" : AssemblyName);
        if (File.Exists(apphost)) return new GdalHostProgram(apphost, []);
        throw GdalFailure.HostNotFound(muxer is null
            ? $"the apphost '{apphost}' (there is no dotnet at {MuxerCandidate()} to run '{dll}' with)"
            : $"'{dll}' and the apphost '{apphost}'");
    }

    /// <summary>The folder GeoOrchestration.Jobs was loaded from (the app's base folder in a single-file publish).</summary>
    private static string Folder()
    {
        var location = typeof(GdalHostProgram).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }

    /// <summary>The dotnet muxer of the running runtime, when the runtime is a shared one; null in a self-contained app.</summary>
    private static string? Muxer()
    {
        var candidate = MuxerCandidate();
        return File.Exists(candidate) ? candidate : null;
    }

    // The runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/; the muxer in <root>.
    private static string MuxerCandidate() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..",
            OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
}
