using System.Management.Automation;
using System.Reflection;
using GeoOrchestration.PowerShell.Commands;

namespace GeoOrchestration.PowerShell.Tests;

internal static class CmdletTypes
{
    public static IReadOnlyList<Type> All { get; } = typeof(SubmitGeoJobCommand).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsPublic: true } && t.GetCustomAttribute<CmdletAttribute>() is not null)
        .OrderBy(t => t.Name).ToList();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var type in All) data.Add(type.Name);
        return data;
    }

    public static Type Named(string name) => All.Single(t => t.Name == name);
}
