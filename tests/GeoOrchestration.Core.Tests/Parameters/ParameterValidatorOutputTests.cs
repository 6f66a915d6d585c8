using GeoOrchestration.Core.Tests.Support;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>What a successful validation returns: defaults applied, one spelling per value.</summary>
public sealed class ParameterValidatorOutputTests
{
    [Fact]
    public void Validate_EmptyRequest_AppliesDefaults()
    {
        Assert.Equal("""{"count":3}""", Canonical(Validate(HelloWorld, "{}")));
        Assert.Equal("""{"mode":"fast","ratio":0.5,"verbose":false}""", Canonical(Validate(Options, """{"mode":"fast"}""")));
    }

    [Fact]
    public void Validate_GivenValue_OverridesDefault()
    {
        Assert.Equal("""{"count":7}""", Canonical(Validate(HelloWorld, """{"count":7}""")));
    }

    [Fact]
    public void Validate_CalledTwice_DoesNotShareDefaultNodes()
    {
        // The default node is cloned into each result; handing out the schema's own node would
        // fail the second time (a JsonNode has one parent) or let one caller change another's default.
        var first = Validate(HelloWorld, "{}");
        first["count"] = 99;

        Assert.Equal(3, Validate(HelloWorld, "{}")["count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("3.0")]
    [InlineData("30e-1")]
    [InlineData("0.3E1")]
    public void Validate_IntegerSpelledAsFraction_IsReturnedAsInteger(string spelling)
    {
        var output = Validate(HelloWorld, $$"""{"count":{{spelling}}}""");

        Assert.Equal(3, output["count"]!.GetValue<long>());
        Assert.Equal("""{"count":3}""", output.ToJsonString());
    }

    [Fact]
    public void Validate_Input_IsNotModified()
    {
        var input = System.Text.Json.Nodes.JsonNode.Parse("""{"count":3.0}""")!.AsObject();

        ParameterValidator.Validate(HelloWorld, input, "hello_world");

        Assert.Equal("""{"count":3.0}""", input.ToJsonString());
    }

    [Fact]
    public void Validate_IntValueBeyondInt32_IsRefused()
    {
        // An int property without a declared maximum: accepting 3000000000 lets the job be
        // submitted, and ParameterBinder.Bind then throws OverflowException when a stage is planned.
        var error = Assert.Throws<GeoValidationException>(() => Validate(WideInt, """{"small":3000000000}"""));

        Assert.Equal("small", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Bind_IntValueAtInt32Limit_SetsProperty()
    {
        var bound = (WideIntParameters)ParameterBinder.Bind(WideInt, Validate(WideInt, """{"small":2147483647,"big":3000000000}"""));

        Assert.Equal(int.MaxValue, bound.Small);
        Assert.Equal(3_000_000_000L, bound.Big);
    }
}
