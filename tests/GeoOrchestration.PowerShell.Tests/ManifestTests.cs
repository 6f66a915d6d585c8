using System.Collections;
using System.Management.Automation;
using System.Reflection;
using GeoOrchestration.PowerShell.Commands;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>The manifest the build lays out agrees with the assembly and names only files that are there.</summary>
public sealed class ManifestTests
{
    private static readonly Hashtable Manifest = ReadManifest();

    [Fact]
    public void CmdletsToExport_EqualsTheCmdletsInTheAssembly()
    {
        var exported = ((object[])Manifest["CmdletsToExport"]!).Cast<string>().Order().ToList();
        var inAssembly = CmdletTypes.All.Select(t => t.GetCustomAttribute<CmdletAttribute>()!)
            .Select(a => $"{a.VerbName}-{a.NounName}").Order().ToList();
        Assert.Equal(inAssembly, exported);
    }

    [Fact]
    public void EveryFileTheManifestNames_IsInTheModuleFolder()
    {
        var named = new List<string> { (string)Manifest["RootModule"]! };
        named.AddRange(((object[])Manifest["FormatsToProcess"]!).Cast<string>());
        named.AddRange(((object[])Manifest["TypesToProcess"]!).Cast<string>());
        named.AddRange(((object[])Manifest["FileList"]!).Cast<string>());
        named.AddRange(((object[])Manifest["RequiredAssemblies"]!).Cast<string>());
        var missing = named.Where(f => !File.Exists(Path.Combine(ModuleFolder.Path, f))).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void ModuleVersion_IsTheVersionPrefixTheAssemblyWasBuiltWith()
    {
        var assemblyVersion = typeof(SubmitGeoJobCommand).Assembly.GetName().Version!;
        Assert.Equal($"{assemblyVersion.Major}.{assemblyVersion.Minor}.{assemblyVersion.Build}", (string)Manifest["ModuleVersion"]!);
    }

    [Fact]
    public void ModuleFolder_HoldsOnlyTheCmdletAndPublicErrorAssembliesBesideTheManifest_DependenciesApart()
    {
        var rootAssemblies = Directory.GetFiles(ModuleFolder.Path, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["GeoOrchestration.PowerShell.Errors.dll", "GeoOrchestration.PowerShell.dll"], rootAssemblies);
        Assert.True(File.Exists(Path.Combine(ModuleFolder.Path, "dependencies", "Npgsql.dll")));
        Assert.False(File.Exists(Path.Combine(ModuleFolder.Path, "dependencies", "System.Management.Automation.dll")));
    }

    private static Hashtable ReadManifest()
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.AddCommand("Import-PowerShellDataFile").AddParameter("LiteralPath", ModuleFolder.Manifest);
        return (Hashtable)shell.Invoke().Single().BaseObject;
    }
}
