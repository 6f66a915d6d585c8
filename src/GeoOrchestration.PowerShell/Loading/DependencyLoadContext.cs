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
/// An assembly found in <c>dependencies/</c> always wins over one the default context already has,
/// but for the runtime's own assemblies (<see cref="FrameworkAssemblies"/>), where the newer copy serves
/// both contexts; anything else (the framework, System.Management.Automation) falls through to the
/// default context, so types PowerShell and the cmdlets share are the same types.
/// </remarks>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    public DependencyLoadContext(string folder) : base("GeoOrchestration", isCollectible: false) => _folder = folder;

    /// <summary>The folder the module's dependencies are loaded from.</summary>
    public string Folder => _folder;

    /// <summary>Whether the dependencies folder holds an assembly of this simple name.</summary>
    public bool Holds(AssemblyName name) => name.Name is { } simple && File.Exists(PathOf(simple));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (!Holds(assemblyName)) return null;
        var path = PathOf(assemblyName.Name!);
        // A runtime assembly (System.Text.Json) comes from the runtime when its copy is as new as ours: one copy of its types for cmdlets and engine.
        return FrameworkAssemblies.ServesAtLeast(assemblyName.Name!, AssemblyName.GetAssemblyName(path).Version) ? null : LoadFromAssemblyPath(path);
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
