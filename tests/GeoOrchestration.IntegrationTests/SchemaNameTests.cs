using GeoOrchestration.Errors;
using GeoOrchestration.Postgres;

namespace GeoOrchestration.IntegrationTests;

public sealed class SchemaNameTests
{
    [Theory]
    [InlineData("geo")]
    [InlineData("_private")]
    [InlineData("geo_test_2")]
    [InlineData("a")]
    [InlineData("pg")]
    [InlineData("my_pg_schema")]
    public void Parse_ValidName_KeepsIt(string text)
    {
        var name = SchemaName.Parse(text);

        Assert.Equal(text, name.Value);
        Assert.Equal(text, name.ToString());
        Assert.Equal($"\"{text}\"", name.Quoted);
        Assert.Equal($"{text}_work", name.Channel);
    }

    [Fact]
    public void Parse_MaxLength_IsAcceptedAndOneMoreIsRefused()
    {
        Assert.Equal(SchemaName.MaxLength, SchemaName.Parse(new string('s', SchemaName.MaxLength)).Value.Length);
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => SchemaName.Parse(new string('s', SchemaName.MaxLength + 1))).Errors);
        Assert.Equal(("schema", "identifier"), (error.Field, error.Rule));
    }

    [Fact]
    public void MaxLength_LeavesRoomForChannelUnderPostgresLimit()
    {
        Assert.Equal(48, SchemaName.MaxLength);
        Assert.True(SchemaName.Parse(new string('s', SchemaName.MaxLength)).Channel.Length <= 63);
    }

    [Theory]
    [InlineData("geo\"; DROP SCHEMA public; --")]
    [InlineData("geo\"")]
    [InlineData("geo'")]
    [InlineData("geo;")]
    [InlineData("Geo")]
    [InlineData("GEO")]
    [InlineData("geo schema")]
    [InlineData(" geo")]
    [InlineData("1geo")]
    [InlineData("geo-test")]
    [InlineData("géo")]
    public void Parse_InvalidIdentifier_IsRefused(string text)
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => SchemaName.Parse(text)).Errors);

        Assert.Equal(("schema", "identifier"), (error.Field, error.Rule));
    }

    [Fact]
    public void Parse_TrailingNewline_IsRefused()
    {
        // '$' in a .NET regex also matches before a final '\n', which would put a newline inside
        // the quoted identifier and the NOTIFY channel name.
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => SchemaName.Parse("geo\n")).Errors);

        Assert.Equal(("schema", "identifier"), (error.Field, error.Rule));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_Empty_IsRequired(string? text)
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => SchemaName.Parse(text)).Errors);

        Assert.Equal(("schema", "required"), (error.Field, error.Rule));
    }

    [Theory]
    [InlineData("pg_")]
    [InlineData("pg_catalog")]
    [InlineData("pg_geo")]
    public void Parse_PgPrefix_IsReserved(string text)
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => SchemaName.Parse(text)).Errors);

        Assert.Equal(("schema", "reserved"), (error.Field, error.Rule));
        Assert.Contains("pg_", error.Message);
    }

    [Fact]
    public void Parse_VeryLongText_IsShortenedInMessage()
    {
        var error = Assert.Throws<GeoValidationException>(() => SchemaName.Parse(new string('s', 500)));

        Assert.Contains(new string('s', 57) + "...'", error.Message);
        Assert.DoesNotContain(new string('s', 58), error.Message);
    }
}
