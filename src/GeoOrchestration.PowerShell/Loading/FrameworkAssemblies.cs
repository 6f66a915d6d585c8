using System.Reflection;
using System.Runtime.InteropServices;

namespace GeoOrchestration.PowerShell.Loading;

/// <summary>
/// The .NET runtime's own assemblies (System.Text.Json and the like) that packages also ship, for a
/// runtime older than they need (Azure's client libraries bring System.Text.Json 10 for .NET 8). One copy
/// of each must serve both contexts: the engine returns <c>JsonNode</c>s to the cmdlets, and two copies
/// of System.Text.Json make two <c>JsonNode</c> types ("Method not found"). The newer copy wins: the
/// runtime's when it is at least as new as the module's, else the module's, for the cmdlets as well.
/// </summary>
internal static class FrameworkAssemblies
{
    private static readonly string RuntimeFolder = RuntimeEnvironment.GetRuntimeDirectory();

    /// <summary>Whether the runtime has an assembly of this simple name (whatever its version).</summary>
    public static bool Contains(string simpleName) => File.Exists(PathOf(simpleName));

    /// <summary>Whether the runtime's copy of <paramref name="simpleName"/> is at least <paramref name="version"/>: then it serves everyone.</summary>
    public static bool ServesAtLeast(string simpleName, Version? version)
    {
        if (!Contains(simpleName)) return false;
        var own = AssemblyName.GetAssemblyName(PathOf(simpleName)).Version;
        return own is not null && (version is null || own >= version);
    }

    private static string PathOf(string simpleName) => Path.Combine(RuntimeFolder, simpleName + ".dll");
}
