using GeoOrchestration.PowerShell.Commands;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>
/// The module gets its stores through Hosting, as geoorch does (issue 18, part 3): the cmdlet
/// assembly names no store project, so which store a connection opens is decided in one place.
/// </summary>
public sealed class StoreReferenceTests
{
    [Fact]
    public void CmdletAssembly_ReferencesHostingAndNoStoreProject()
    {
        var references = typeof(GetGeoConnectionCommand).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("GeoOrchestration.Hosting", references);
        Assert.DoesNotContain("GeoOrchestration.Postgres", references);
        Assert.DoesNotContain("GeoOrchestration.Sqlite", references);
    }
}
