using System.Reflection;
using System.Runtime.InteropServices;

namespace GeoOrchestration.Jobs.Gdal.Native;

/// <summary>
/// Finds and loads GDAL's shared library for <see cref="GdalApi"/>'s imports (library name
/// <c>"gdal"</c>). By name rather than by path, so the GDAL the machine has is the one used, and a
/// user's newer GDAL works: <c>GEO_GDAL_LIBRARY</c> when set (a path or a file name, and then only
/// that), else on Linux <c>libgdal.so</c> (present with the -dev package or a source build), then
/// the GDAL 3.x sonames from the newest down (<c>libgdal.so.40</c> .. <c>libgdal.so.26</c>; GDAL 3.6
/// is <c>.32</c>), on macOS <c>libgdal.dylib</c>, on Windows <c>gdal.dll</c>.
/// </summary>
internal static class GdalLibrary
{
    /// <summary>The environment variable naming the library to load instead of searching.</summary>
    public const string EnvironmentVariable = "GEO_GDAL_LIBRARY";

    private static readonly object Gate = new();
    private static GdalLibraryLoad? _loaded;

    /// <summary>The names tried, in order, for this platform and environment.</summary>
    public static IReadOnlyList<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return [configured];
        if (OperatingSystem.IsWindows()) return ["gdal.dll"];
        if (OperatingSystem.IsMacOS()) return ["libgdal.dylib"];
        return ["libgdal.so", .. Enumerable.Range(26, 15).Reverse().Select(n => $"libgdal.so.{n}")];
    }

    /// <summary>
    /// Loads the library once (later calls return the first outcome) and, when it loaded, routes
    /// the <c>"gdal"</c> imports of this assembly to it. Never throws for a missing library: the
    /// outcome says what was tried and why it failed.
    /// </summary>
    public static GdalLibraryLoad Load()
    {
        lock (Gate)
        {
            if (_loaded is not null) return _loaded;
            _loaded = TryLoad(Candidates(Environment.GetEnvironmentVariable(EnvironmentVariable)));
            if (_loaded.Handle != IntPtr.Zero)
            {
                var handle = _loaded.Handle;
                NativeLibrary.SetDllImportResolver(typeof(GdalLibrary).Assembly,
                    (name, _, _) => name == GdalApi.Library ? handle : IntPtr.Zero);
            }
            return _loaded;
        }
    }

    private static GdalLibraryLoad TryLoad(IReadOnlyList<string> candidates)
    {
        var reasons = new List<string>();
        foreach (var name in candidates)
        {
            try
            {
                // Load(string) hands the name to the system loader as it is (dlopen's search path), with no probing of its own.
                var handle = NativeLibrary.Load(name);
                if (NativeLibrary.TryGetExport(handle, "GDALInfo", out _) && NativeLibrary.TryGetExport(handle, "GDALVersionInfo", out _))
                    return new GdalLibraryLoad(handle, name, null);
                reasons.Add($"{name} is not GDAL 2.1 or later (it has no GDALInfo)");
                NativeLibrary.Free(handle);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                reasons.Add(e.Message);
            }
        }
        var why = string.Join("; ", reasons.Distinct().Take(3));
        return new GdalLibraryLoad(IntPtr.Zero, null,
            $"GDAL's library could not be loaded: tried {string.Join(", ", candidates)} ({why})");
    }
}

/// <summary>The outcome of <see cref="GdalLibrary.Load"/>: the handle and the name that loaded, or why none did.</summary>
internal sealed record GdalLibraryLoad(IntPtr Handle, string? Name, string? Problem);
