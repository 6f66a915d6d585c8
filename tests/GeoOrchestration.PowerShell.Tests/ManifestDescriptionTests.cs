using System.Collections;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>
/// The manifest says what the module is, as a gallery shows it: both stores, the embedded one the
/// default (it said "on PostgreSQL" alone after SQLite had become the default).
/// </summary>
public sealed class ManifestDescriptionTests
{
    private static readonly Hashtable Manifest = ReadManifest();

    [Fact]
    public void Description_NamesBothStores_TheEmbeddedSqliteFileAsTheDefault()
    {
        var description = (string)Manifest["Description"]!;
        Assert.Contains("embedded SQLite file (the default", description, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_NameBothStores()
    {
        var tags = ((object[])((Hashtable)((Hashtable)Manifest["PrivateData"]!)["PSData"]!)["Tags"]!).Cast<string>().ToList();
        Assert.Contains("SQLite", tags);
        Assert.Contains("PostgreSQL", tags);
    }

    private static Hashtable ReadManifest()
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.AddCommand("Import-PowerShellDataFile").AddParameter("LiteralPath", ModuleFolder.Manifest);
        return (Hashtable)shell.Invoke().Single().BaseObject;
    }
}
