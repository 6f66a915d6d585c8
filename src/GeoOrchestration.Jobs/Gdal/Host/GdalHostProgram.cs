using System.Runtime.InteropServices;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// How to start the GDAL host: <c>dotnet GeoOrchestration.GdalHost.dll</c> with the muxer of the
/// runtime this process runs on (the host is framework-dependent, like the module and the CLI), or
/// the apphost of a self-contained publish (the container image), which ships no .dll to run so.
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
    public static GdalHostProgram Locate(string? hostPath) =>
        Locate(hostPath, Folder(), RuntimeEnvironment.GetRuntimeDirectory(),
            Environment.GetEnvironmentVariable("DOTNET_ROOT"), Environment.GetEnvironmentVariable("PATH"));

    /// <summary>
    /// <see cref="Locate(string?)"/> with what it looks at given: the folder of this assembly, the
    /// running runtime's folder, DOTNET_ROOT and PATH. The muxer is the running runtime's
    /// (<c>&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/../../../dotnet</c>) when there is
    /// one; a self-contained process (a standalone pwsh, say) has none, and then the dotnet of
    /// DOTNET_ROOT, else of the PATH, runs the framework-dependent host.
    /// </summary>
    internal static GdalHostProgram Locate(string? hostPath, string folder, string runtimeDirectory, string? dotnetRoot, string? searchPath)
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var candidates = new List<string> { Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", executable)) };
        if (!string.IsNullOrWhiteSpace(dotnetRoot)) candidates.Add(Path.Combine(dotnetRoot, executable));
        candidates.AddRange((searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, executable)));
        var muxer = candidates.FirstOrDefault(File.Exists);
        var noMuxer = $"there is no dotnet to run it with at {candidates[0]}, in DOTNET_ROOT or on the PATH";
        if (hostPath is not null)
        {
            var full = Path.GetFullPath(hostPath);
            if (!File.Exists(full)) throw GdalFailure.HostNotFound($"'{full}'");
            if (!full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return new GdalHostProgram(full, []);
            return muxer is not null ? new GdalHostProgram(muxer, [full]) : throw GdalFailure.HostNotFound($"'{full}' ({noMuxer})");
        }
        var dll = Path.Combine(folder, AssemblyName + ".dll");
        if (muxer is not null && File.Exists(dll)) return new GdalHostProgram(muxer, [dll]);
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? AssemblyName + ".exe" : AssemblyName);
        if (File.Exists(apphost)) return new GdalHostProgram(apphost, []);
        throw GdalFailure.HostNotFound(muxer is null
            ? $"the apphost '{apphost}', and '{dll}' ({noMuxer})"
            : $"'{dll}' and the apphost '{apphost}'");
    }

    /// <summary>The folder GeoOrchestration.Jobs was loaded from (the app's base folder in a single-file publish).</summary>
    private static string Folder()
    {
        var location = typeof(GdalHostProgram).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }
}
