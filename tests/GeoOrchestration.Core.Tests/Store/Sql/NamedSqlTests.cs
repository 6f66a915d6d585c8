using GeoOrchestration.Errors;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Core.Tests.Store.Sql;

public sealed class NamedSqlTests
{
    [Fact]
    public void Parse_File_GivesEachQueryWithoutItsLeadingComments()
    {
        const string text = "-- file header, not a query\r\n\r\n-- name: First\r\n-- why it exists\r\nSELECT 1;\r\n\r\n-- name: Second\nSELECT 2\n-- trailing comment stays\nFROM t;\n";

        var queries = NamedSql.Parse("q.sql", text).ToList();

        Assert.Equal([("First", "SELECT 1;"), ("Second", "SELECT 2\n-- trailing comment stays\nFROM t;")], queries);
    }

    [Fact]
    public void Parse_EmptyName_IsAConfigurationErrorNamingTheFile()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => NamedSql.Parse("broken.sql", "-- name:   \nSELECT 1;").ToList());
        Assert.Contains("broken.sql", error.Message);
    }

    [Fact]
    public void Catalog_NameDefinedInTwoFiles_IsRefusedNamingTheSecond()
    {
        var error = Assert.Throws<GeoConfigurationException>(() =>
            NamedSql.Catalog([("a.sql", "-- name: X\nSELECT 1;"), ("b.sql", "-- name: X\nSELECT 2;")]));
        Assert.Contains("b.sql", error.Message);
    }

    [Fact]
    public void Catalog_Transform_IsAppliedToEveryBody()
    {
        var catalog = NamedSql.Catalog([("a.sql", "-- name: X\nSELECT * FROM {schema}.t;")], body => body.Replace("{schema}", "\"geo\""));
        Assert.Equal("SELECT * FROM \"geo\".t;", catalog["X"]);
    }
}
