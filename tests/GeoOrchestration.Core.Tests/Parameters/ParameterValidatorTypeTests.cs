using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>Each parameter kind accepts only its JSON type.</summary>
public sealed class ParameterValidatorTypeTests
{
    [Theory]
    [InlineData("\"3\"", "string \"3\"")]
    [InlineData("true", "true")]
    [InlineData("[3]", "an array")]
    [InlineData("{\"n\":3}", "an object")]
    public void Validate_IntegerGivenOtherType_ReportsType(string value, string described)
    {
        var error = RefuseOnce(HelloWorld, $$"""{"count":{{value}}}""", "count", "type");

        Assert.Contains("must be an integer", error.Message);
        Assert.Contains("got " + described, error.Message);
    }

    [Theory]
    [InlineData("2.5")]
    [InlineData("3.0001")]
    [InlineData("25e-1")]
    public void Validate_IntegerGivenFraction_ReportsType(string value)
    {
        var error = RefuseOnce(HelloWorld, $$"""{"count":{{value}}}""", "count", "type");

        Assert.Contains($"got number {value}", error.Message);
    }

    [Fact]
    public void Validate_IntegerBeyondInt64_ReportsTheRangeNotTheType()
    {
        // A whole number too large for a long is still a whole number: the range is what it breaks.
        var error = RefuseOnce(WideInt, """{"big":9223372036854775808}""", "big", "maximum");

        Assert.Contains("<= 9223372036854775807", error.Message);
    }

    [Fact]
    public void Validate_IntegerAtInt64Limit_IsAccepted()
    {
        var output = Validate(WideInt, """{"big":9223372036854775807}""");

        Assert.Equal(long.MaxValue, output["big"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("\"0.5\"")]
    [InlineData("false")]
    public void Validate_NumberGivenOtherType_ReportsType(string value)
    {
        var error = RefuseOnce(Options, $$"""{"mode":"fast","ratio":{{value}}}""", "ratio", "type");

        Assert.Contains("a finite number", error.Message);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("0")]
    public void Validate_BooleanGivenOtherType_ReportsType(string value)
    {
        var error = RefuseOnce(Options, $$"""{"mode":"fast","verbose":{{value}}}""", "verbose", "type");

        Assert.Contains("true or false", error.Message);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("[\"fast\"]")]
    [InlineData("true")]
    public void Validate_StringGivenOtherType_ReportsType(string value)
    {
        RefuseOnce(Options, $$"""{"mode":{{value}}}""", "mode", "type");
    }

    [Theory]
    [InlineData("\"Ada\"")]
    [InlineData("{\"0\":\"Ada\"}")]
    public void Validate_ArrayGivenOtherType_ReportsType(string value)
    {
        var error = RefuseOnce(HelloWorld, $$"""{"names":{{value}}}""", "names", "type");

        Assert.Contains("an array of strings", error.Message);
    }

    [Fact]
    public void Validate_ArrayItemsOfWrongType_ReportsEachByIndex()
    {
        var errors = Refuse(HelloWorld, """{"names":["Ada",5,null,["x"]]}""").Errors;

        Assert.Collection(errors,
            e => Assert.Equal(("names[1]", "type"), (e.Field, e.Rule)),
            e => Assert.Equal(("names[2]", "type"), (e.Field, e.Rule)),
            e => Assert.Equal(("names[3]", "type"), (e.Field, e.Rule)));
    }

    [Fact]
    public void Validate_WellTypedValues_AreReturnedWithTheirTypes()
    {
        var output = Validate(Options, """{"mode":"slow","ratio":0.25,"verbose":true,"label":"ab","tags":["red"]}""");

        Assert.Equal("""{"label":"ab","mode":"slow","ratio":0.25,"tags":["red"],"verbose":true}""", Canonical(output));
    }
}
