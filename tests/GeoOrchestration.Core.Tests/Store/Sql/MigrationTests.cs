using GeoOrchestration.Errors;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Core.Tests.Store.Sql;

public sealed class MigrationTests
{
    [Fact]
    public void FromFiles_OutOfOrder_AreSortedByVersion()
    {
        var migrations = Migration.FromFiles([("0002_b.sql", "B"), ("0001_a.sql", "A")]);
        Assert.Equal([1, 2], migrations.Select(m => m.Version));
    }

    [Theory]
    [InlineData("1_short.sql")]
    [InlineData("0001-dash.sql")]
    [InlineData("0001_Upper.sql")]
    public void FromFiles_MisnamedFile_IsRefusedNamingIt(string name)
    {
        var error = Assert.Throws<GeoConfigurationException>(() => Migration.FromFiles([(name, "")]));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void FromFiles_VersionUsedTwice_IsRefused()
    {
        Assert.Throws<GeoConfigurationException>(() => Migration.FromFiles([("0001_a.sql", ""), ("0001_b.sql", "")]));
    }

    [Fact]
    public void Checksum_LineEndings_DoNotMatter_ButContentDoes()
    {
        var unix = new Migration(1, "0001_a.sql", "CREATE TABLE t (id int);\n");
        Assert.Equal(unix.Checksum, (unix with { Sql = "CREATE TABLE t (id int);\r\n" }).Checksum);
        Assert.NotEqual(unix.Checksum, (unix with { Sql = "CREATE TABLE t (id bigint);\n" }).Checksum);
    }

    [Fact]
    public void Verify_HistoryMatchingTheFiles_Passes()
    {
        var shipped = Migration.FromFiles([("0001_a.sql", "A"), ("0002_b.sql", "B")]);
        MigrationHistory.Verify([new AppliedMigration(1, "0001_a.sql", shipped[0].Checksum)], shipped, "schema 'geo'");
    }

    [Fact]
    public void Verify_UnknownVersion_IsRefusedAsNewer()
    {
        var shipped = Migration.FromFiles([("0001_a.sql", "A")]);
        var error = Assert.Throws<GeoConfigurationException>(() =>
            MigrationHistory.Verify([new AppliedMigration(1, "0001_a.sql", shipped[0].Checksum), new AppliedMigration(7, "0007_x.sql", "ab")], shipped, "schema 'geo'"));
        Assert.Contains("0007_x.sql", error.Message);
        Assert.Contains("newer version", error.Message);
    }

    [Fact]
    public void Verify_ChangedFile_IsRefusedNamingIt()
    {
        var shipped = Migration.FromFiles([("0001_a.sql", "A")]);
        var error = Assert.Throws<GeoConfigurationException>(() =>
            MigrationHistory.Verify([new AppliedMigration(1, "0001_a.sql", new string('0', 64))], shipped, "schema 'geo'"));
        Assert.Contains("0001_a.sql", error.Message);
        Assert.Contains("schema 'geo'", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void Verify_MalformedRecordedChecksum_IsAHistoryMismatchNamingTheMigration(string checksum)
    {
        var shipped = Migration.FromFiles([("0001_a.sql", "A")]);
        // Before: cutting a short checksum to 12 characters threw ArgumentOutOfRangeException.
        var error = Assert.Throws<GeoConfigurationException>(() =>
            MigrationHistory.Verify([new AppliedMigration(1, "0001_a.sql", checksum)], shipped, "schema 'geo'"));
        Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, error.ErrorId);
        Assert.Contains("malformed checksum", error.Message);
        Assert.Contains("0001_a.sql", error.Message);
    }

    [Fact]
    public void Verify_EveryRefusal_CarriesTheHistoryMismatchId()
    {
        var shipped = Migration.FromFiles([("0001_a.sql", "A")]);
        var newer = Assert.Throws<GeoConfigurationException>(() =>
            MigrationHistory.Verify([new AppliedMigration(2, "0002_b.sql", shipped[0].Checksum)], shipped, "schema 'geo'"));
        var changed = Assert.Throws<GeoConfigurationException>(() =>
            MigrationHistory.Verify([new AppliedMigration(1, "0001_a.sql", new string('0', 64))], shipped, "schema 'geo'"));
        Assert.All([newer, changed], e => Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, e.ErrorId));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData(null, false)]
    public void IsChecksum_OnlyALowercaseHexSha256(string? text, bool expected) => Assert.Equal(expected, Migration.IsChecksum(text));
}
