using System.Text.Json;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

public sealed class ParameterTextTests
{
    private static JsonObject Parse(ParameterSchema schema, params string[] pairs) => ParameterText.Parse(schema, pairs);

    private static GeoValidationException RefuseText(ParameterSchema schema, params string[] pairs) =>
        Assert.Throws<GeoValidationException>(() => ParameterText.Parse(schema, pairs));

    [Fact]
    public void Parse_IntegerText_BecomesJsonNumber()
    {
        var count = Parse(HelloWorld, "count=5")["count"]!;

        Assert.Equal(JsonValueKind.Number, count.GetValueKind());
        Assert.Equal("5", count.ToJsonString());
    }

    [Fact]
    public void Parse_TypedValues_FollowTheSchema()
    {
        var result = Parse(Options, "mode=fast", "ratio=0.25", "verbose=true", "label=12");

        Assert.Equal(JsonValueKind.String, result["mode"]!.GetValueKind());
        Assert.Equal(0.25, result["ratio"]!.GetValue<double>());
        Assert.Equal(JsonValueKind.True, result["verbose"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, result["label"]!.GetValueKind());
        Assert.Equal("12", result["label"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_ValueContainingEquals_SplitsAtFirstEquals()
    {
        Assert.Equal("a=b", Parse(Options, "label=a=b")["label"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_CommaList_BecomesArrayWithItemsTrimmed()
    {
        Assert.Equal("""["Ada","Grace"]""", Parse(HelloWorld, "names=Ada, Grace,")["names"]!.ToJsonString());
    }

    [Fact]
    public void Parse_RepeatedArrayKey_AppendsInOrder()
    {
        Assert.Equal("""["Ada","Grace","Linus"]""", Parse(HelloWorld, "names=Ada", "names=Grace,Linus")["names"]!.ToJsonString());
    }

    [Fact]
    public void Parse_UnknownKey_StaysStringForTheValidatorToRefuse()
    {
        var parsed = Parse(HelloWorld, "colour=5");

        Assert.Equal(JsonValueKind.String, parsed["colour"]!.GetValueKind());
        Assert.Equal("unknown", Assert.Single(Assert.Throws<GeoValidationException>(
            () => ParameterValidator.Validate(HelloWorld, parsed, "hello_world")).Errors).Rule);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("=5")]
    public void Parse_NoKeyBeforeEquals_ReportsFormat(string pair)
    {
        var error = Assert.Single(RefuseText(HelloWorld, pair).Errors);

        Assert.Equal(("param", "format"), (error.Field, error.Rule));
        Assert.Contains($"'{pair}'", error.Message);
        Assert.Contains("KEY=VALUE", error.Message);
    }

    [Fact]
    public void Parse_ScalarKeyTwice_ReportsDuplicate()
    {
        var error = Assert.Single(RefuseText(HelloWorld, "count=1", "count=2").Errors);

        Assert.Equal(("count", "duplicate"), (error.Field, error.Rule));
    }

    [Theory]
    [InlineData("count=three", "an integer")]
    [InlineData("count=", "an integer")]
    public void Parse_BadIntegerText_ReportsType(string pair, string expected)
    {
        var error = Assert.Single(RefuseText(HelloWorld, pair).Errors);

        Assert.Equal(("count", "type"), (error.Field, error.Rule));
        Assert.Contains("must be " + expected, error.Message);
        Assert.Contains($"got '{pair[6..]}'", error.Message);
    }

    [Theory]
    [InlineData("ratio=NaN", "a number")]
    [InlineData("ratio=Infinity", "a number")]
    [InlineData("ratio=half", "a number")]
    [InlineData("verbose=yes", "true or false")]
    [InlineData("verbose=1", "true or false")]
    public void Parse_BadTypedText_ReportsType(string pair, string expected)
    {
        var error = Assert.Single(RefuseText(Options, pair).Errors);

        Assert.Equal("type", error.Rule);
        Assert.Contains("must be " + expected, error.Message);
    }

    [Fact]
    public void Parse_SeveralBadPairs_ReportsAllAtOnce()
    {
        var errors = RefuseText(HelloWorld, "count", "count=x", "names=Ada").Errors;

        Assert.Collection(errors,
            e => Assert.Equal(("param", "format"), (e.Field, e.Rule)),
            e => Assert.Equal(("count", "type"), (e.Field, e.Rule)));
    }

    [Fact]
    public void Parse_FractionForInteger_IsRefusedByValidatorNotParser()
    {
        var parsed = Parse(HelloWorld, "count=2.5");

        var error = Assert.Single(Assert.Throws<GeoValidationException>(
            () => ParameterValidator.Validate(HelloWorld, parsed, "hello_world")).Errors);
        Assert.Equal(("count", "type"), (error.Field, error.Rule));
    }

    [Fact]
    public void Parse_IntegerBeyondADecimal_IsRefusedWithTheDeclaredRange()
    {
        var parsed = Parse(HelloWorld, "count=1e30");

        var error = Assert.Single(Assert.Throws<GeoValidationException>(
            () => ParameterValidator.Validate(HelloWorld, parsed, "hello_world")).Errors);
        Assert.Equal(("count", "maximum"), (error.Field, error.Rule));
        Assert.Contains("<= 1000", error.Message);
    }

    [Fact]
    public void Parse_ThenValidate_GivesSameIdAsJson()
    {
        var countFromText = ParameterValidator.Validate(HelloWorld, Parse(HelloWorld, "count=3.0"), "hello_world");
        var namesFromText = ParameterValidator.Validate(HelloWorld, Parse(HelloWorld, "names=Ada,Grace"), "hello_world");

        Assert.Equal(Canonical(Validate(HelloWorld, """{"count":3}""")), Canonical(countFromText));
        Assert.Equal(Canonical(Validate(HelloWorld, """{"names":["Ada","Grace"]}""")), Canonical(namesFromText));
    }
}
