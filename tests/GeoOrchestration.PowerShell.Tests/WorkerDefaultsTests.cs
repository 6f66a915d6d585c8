using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using GeoOrchestration.Engine;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>
/// The worker cmdlets take their defaults and ranges from the engine's <see cref="WorkerDefaults"/>,
/// and their help (module/help, the source of Get-Help) states the same numbers: a default changed in
/// one place cannot leave a cmdlet or its help saying another.
/// </summary>
public sealed class WorkerDefaultsTests
{
    public static TheoryData<string, string> WorkerCmdlets() => new()
    {
        { "StartGeoWorkerCommand", "Start-GeoWorker" },
        { "InvokeGeoJobCommand", "Invoke-GeoJob" },
    };

    [Theory]
    [MemberData(nameof(WorkerCmdlets))]
    public void Cmdlet_ParameterDefaultsAndRange_AreTheEngines(string type, string _)
    {
        var cmdlet = Activator.CreateInstance(CmdletTypes.Named(type))!;

        Assert.Equal(WorkerDefaults.Concurrency, Value<int>(cmdlet, "Concurrency"));
        Assert.Equal(WorkerDefaults.ShutdownGraceSeconds, Value<double>(cmdlet, "ShutdownGrace"));
        var range = cmdlet.GetType().GetProperty("Concurrency")!.GetCustomAttribute<ValidateRangeAttribute>()!;
        Assert.Equal((WorkerDefaults.MinConcurrency, WorkerDefaults.MaxConcurrency), ((int)range.MinRange, (int)range.MaxRange));
    }

    [Theory]
    [MemberData(nameof(WorkerCmdlets))]
    public void Help_StatesTheEnginesDefaults(string _, string name)
    {
        var help = File.ReadAllText(Path.Combine(RepositoryRoot(), "module", "help", name + ".md"));

        Assert.Contains($"Default {Text(WorkerDefaults.Concurrency)}.", Section(help, "Concurrency"));
        Assert.Contains($"Default {Text(WorkerDefaults.ShutdownGraceSeconds)}.", Section(help, "ShutdownGrace"));
    }

    private static T Value<T>(object cmdlet, string property) => (T)cmdlet.GetType().GetProperty(property)!.GetValue(cmdlet)!;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of one parameter's section (<c>### -Name</c> up to the next heading).</summary>
    private static string Section(string help, string parameter)
    {
        var start = help.IndexOf($"### -{parameter}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The help has no section for -{parameter}.");
        var end = help.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        return end < 0 ? help[start..] : help[start..end];
    }

    /// <summary>The repository the build laid the module out from (<c>out/GeoOrchestration</c> is two levels below it).</summary>
    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(ModuleFolder.Path, "..", ".."));
}
