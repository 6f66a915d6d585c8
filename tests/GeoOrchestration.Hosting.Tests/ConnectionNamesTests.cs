using System.Reflection;
using GeoOrchestration.Cli;
using GeoOrchestration.PowerShell.Commands;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// The environment variable names live in Hosting only (<see cref="GeoConnection.ConnectionVariable"/>,
/// <see cref="GeoConnection.SchemaVariable"/>): neither front end declares a copy of its own.
/// </summary>
public sealed class ConnectionNamesTests
{
    [Theory]
    [InlineData(typeof(CliSession))]
    [InlineData(typeof(GetGeoConnectionCommand))]
    public void FrontEnd_DeclaresNoCopyOfTheVariableNames(Type frontEnd)
    {
        var copies = frontEnd.Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.GetRawConstantValue() is GeoConnection.ConnectionVariable or GeoConnection.SchemaVariable)
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .ToList();

        Assert.Empty(copies);
    }
}
