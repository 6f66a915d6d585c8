using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Postgres;

namespace GeoOrchestration.IntegrationTests;

// PostgreSQL's own migrator rule: the schema name is a PostgreSQL identifier, checked before any
// connection. The migrator's rules every store shares are in the conformance suite
// (StoreConformance/Schema/StoreSchemaTests.Migrations.cs), run here by PostgresStoreSchemaTests.
public sealed class MigratorTests
{
    private readonly PostgresServer _server = PostgresServer.Instance;

    private PostgresStore Store(string schema) =>
        new(new PostgresStoreOptions { ConnectionString = _server.ConnectionString, Schema = schema });

    [Theory]
    [InlineData("geo\"; DROP SCHEMA public; --")]
    [InlineData("Geo")]
    [InlineData("has space")]
    [InlineData("pg_catalog")]
    [InlineData("")]
    public void Store_InvalidSchemaName_IsRefusedNamingTheField(string schema)
    {
        var error = Assert.Throws<GeoValidationException>(() => Store(schema));
        Assert.Equal("schema", error.Errors[0].Field);
    }
}
