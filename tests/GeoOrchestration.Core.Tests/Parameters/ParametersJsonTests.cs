using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>Parameters given as JSON text: malformed text and repeated keys are refused with the key named.</summary>
public sealed class ParametersJsonTests
{
    [Fact]
    public void Parse_KeyGivenTwice_IsRefusedNamingTheKey()
    {
        // Before: JsonNode accepted the text and threw ArgumentException ("An item with the same key") later.
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => ParametersJson.Parse("""{"tasks":1,"tasks":2}""")).Errors);

        Assert.Equal(("tasks", "duplicate"), (error.Field, error.Rule));
        Assert.Contains("'tasks'", error.Message);
    }

    [Fact]
    public void Parse_KeyGivenTwiceInsideAValue_NamesItsPath()
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(
            () => ParametersJson.Parse("""{"names":[{"a":1,"a":2}]}""")).Errors);

        Assert.Equal("names[0].a", error.Field);
    }

    [Fact]
    public void Parse_SameKeyInTwoObjects_IsAccepted()
    {
        var parsed = ParametersJson.Parse("""{"x":{"a":1},"y":{"a":2}}""");

        Assert.Equal(2, parsed["y"]!["a"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("[1]", "object")]
    [InlineData("null", "object")]
    [InlineData("{not json", "json")]
    public void Parse_NotAnObject_IsRefused(string text, string rule)
    {
        Assert.Equal(rule, Assert.Single(Assert.Throws<GeoValidationException>(() => ParametersJson.Parse(text)).Errors).Rule);
    }
}
