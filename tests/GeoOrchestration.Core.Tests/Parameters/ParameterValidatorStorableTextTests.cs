using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>Text no store can hold is refused at validation, naming where it is, before anything is written.</summary>
public sealed class ParameterValidatorStorableTextTests
{
    [Fact]
    public void Validate_NulInAString_NamesTheParameter()
    {
        var error = RefuseOnce(Options, """{"mode":"fast","label":"a\u0000b"}""", "label", "storable_text");

        Assert.Contains("NUL", error.Message);
    }

    [Fact]
    public void Validate_NulInAnArrayItem_NamesTheItem()
    {
        RefuseOnce(HelloWorld, """{"names":["x\u0000y"]}""", "names[0]", "storable_text");
    }

    [Theory]
    [InlineData("""{"names":["ok","x\ud800"]}""")]
    [InlineData("""{"names":["ok","\udc00"]}""")]
    public void Validate_EscapedLoneSurrogate_NamesTheItemInsteadOfThrowing(string json)
    {
        var error = RefuseOnce(HelloWorld, json, "names[1]", "storable_text");

        Assert.Contains("lone UTF-16 surrogate", error.Message);
    }

    [Fact]
    public void Validate_LoneSurrogateInAClrString_IsRefused()
    {
        var input = new JsonObject { ["names"] = new JsonArray("fine", "x\ud800y") };

        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => ParameterValidator.Validate(HelloWorld, input, "hello_world")).Errors);

        Assert.Equal(("names[1]", "storable_text"), (error.Field, error.Rule));
    }

    [Fact]
    public void Validate_ValidSurrogatePair_IsAccepted()
    {
        var output = Validate(HelloWorld, """{"names":["\ud83d\ude00"]}""");

        Assert.Equal("\ud83d\ude00", output["names"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Validate_NulInAParameterName_IsRefusedAsUnstorableNotUnknown()
    {
        var error = RefuseOnce(HelloWorld, """{"na\u0000mes":["a"]}""", "na\\u0000mes", "storable_text");

        Assert.Equal(-1, error.Message.IndexOf('\0')); // the name is shown escaped
    }

    [Fact]
    public void Validate_EscapedLoneSurrogateInAParameterName_NamesTheParameters()
    {
        RefuseOnce(HelloWorld, """{"x\ud800":1}""", "parameters", "storable_text");
    }

    [Fact]
    public void Validate_SeveralPlaces_ReportsEachOne()
    {
        var error = Assert.Throws<GeoValidationException>(() => Validate(HelloWorld, """{"names":["\u0000","ok","\ud800"]}"""));

        Assert.Equal(["names[0]", "names[2]"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_NaNGivenAsAValue_IsRefusedAsTypeInsteadOfThrowing()
    {
        var input = new JsonObject { ["mode"] = "fast", ["ratio"] = double.NaN };

        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => ParameterValidator.Validate(Options, input, "test_job")).Errors);

        Assert.Equal(("ratio", "type"), (error.Field, error.Rule));
        Assert.Contains("must be a finite number", error.Message);
    }

    [Fact]
    public void Validate_NumberBeyondADouble_IsStillRefusedAsType()
    {
        RefuseOnce(Options, """{"mode":"fast","ratio":1e400}""", "ratio", "type");
    }

    [Fact]
    public void Validate_KeyValuePairWithNul_IsRefused()
    {
        var input = ParameterText.Parse(Options, ["mode=fast", "label=a\0b"]);

        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => ParameterValidator.Validate(Options, input, "test_job")).Errors);

        Assert.Equal(("label", "storable_text"), (error.Field, error.Rule));
    }
}
