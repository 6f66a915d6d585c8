using GeoOrchestration.PowerShell.Commands;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>
/// What keeps the module's dependencies in its own load context: the one assembly PowerShell loads
/// itself (the cmdlets) refers to no third-party assembly, so no type it uses can be another
/// module's copy (ModuleLoader, DependencyLoadContext).
/// </summary>
public sealed class IsolationTests
{
    [Fact]
    public void CmdletAssembly_ReferencesOnlyTheModulesOwnAssembliesPowerShellAndTheFramework()
    {
        var references = typeof(SubmitGeoJobCommand).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var foreign = references.Where(n => !n.StartsWith("GeoOrchestration.", StringComparison.Ordinal)
            && n is not ("System.Management.Automation" or "netstandard" or "mscorlib")
            && !n.StartsWith("System.", StringComparison.Ordinal) && n != "System").ToList();
        Assert.Empty(foreign);
        Assert.Contains("GeoOrchestration.Core", references);
    }
}
