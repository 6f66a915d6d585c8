using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace GeoOrchestration.PowerShell.Loading;

/// <summary>
/// The module's private <see cref="AssemblyLoadContext"/>: the engine and every third-party
/// assembly it needs (Npgsql, Polly, Microsoft.Extensions.*) load here from <c>dependencies/</c>,
/// never into PowerShell's default context, so another module that loaded other versions of the
/// same assemblies (as Az modules do) and this one do not see each other's copies.
/// </summary>
/// <remarks>
/// An assembly found in <c>dependencies/</c> wins over one the default context already has, except a
/// framework assembly the running .NET has in the version asked for or newer: anything else (the
/// framework, System.Management.Automation) falls through to the default context, so types PowerShell,
/// the cmdlets and the engine share are the same types.
/// </remarks>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    public DependencyLoadContext(string folder) : base("GeoOrchestration", isCollectible: false) => _folder = folder;

    /// <summary>The folder the module's dependencies are loaded from.</summary>
    public string Folder => _folder;

    /// <summary>Whether the dependencies folder holds an assembly of this simple name.</summary>
    public bool Holds(AssemblyName name) => name.Name is { } simple && File.Exists(PathOf(simple));

    protected override Assembly? Load(AssemblyName assemblyName) =>
        Holds(assemblyName) && !FrameworkServes(assemblyName) ? LoadFromAssemblyPath(PathOf(assemblyName.Name!)) : null;

    /// <summary>
    /// Whether the running framework has this assembly in the version asked for or newer. A package can
    /// bring a framework assembly into <c>dependencies/</c> (Azure.Identity brings System.Text.Json 10 to a
    /// net8.0 build, for pwsh 7.4 on .NET 8): loaded here on a newer runtime, the engine's
    /// <c>JsonObject</c> would be another type than the cmdlets' and every call passing one fails
    /// (MissingMethodException). The copy still serves a runtime older than it.
    /// </summary>
    private static bool FrameworkServes(AssemblyName name)
    {
        var path = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), name.Name + ".dll");
        if (!File.Exists(path)) return false;
        try
        {
            return AssemblyName.GetAssemblyName(path).Version >= (name.Version ?? new Version(0, 0));
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    // Native libraries (SQLite's e_sqlite3) ship under runtimes/<rid>/native as NuGet lays them out.
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var rid in new[] { RuntimeInformation.RuntimeIdentifier, PortableRid() })
        {
            foreach (var file in new[] { unmanagedDllName, $"lib{unmanagedDllName}.so", $"lib{unmanagedDllName}.dylib", $"{unmanagedDllName}.dll" })
            {
                var path = Path.Combine(_folder, "runtimes", rid, "native", file);
                if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
            }
        }
        return IntPtr.Zero;
    }

    private string PathOf(string simpleName) => Path.Combine(_folder, simpleName + ".dll");

    private static string PortableRid()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
    }
}
