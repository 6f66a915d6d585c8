using GeoOrchestration.Core.Tests.Support;
using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>Unknown keys, required parameters, and JSON null standing for "not given".</summary>
public sealed class ParameterValidatorPresenceTests
{
    [Fact]
    public void Validate_UnknownKey_ListsKnownParametersAndJobType()
    {
        var error = Assert.Single(Refuse(HelloWorld, """{"cnt":3}""", "hello_world").Errors);

        Assert.Equal("cnt", error.Field);
        Assert.Equal("unknown", error.Rule);
        Assert.Contains("'hello_world'", error.Message);
        Assert.Contains("known: count, names", error.Message);
    }

    [Fact]
    public void Validate_UnknownKeyWithNullValue_IsStillUnknown()
    {
        RefuseOnce(HelloWorld, """{"colour":null}""", "colour", "unknown");
    }

    [Fact]
    public void Validate_KeyInWrongCase_IsUnknown()
    {
        RefuseOnce(HelloWorld, """{"Count":3}""", "Count", "unknown");
    }

    [Fact]
    public void Validate_RequiredMissing_ReportsRequired()
    {
        var error = RefuseOnce(Options, "{}", "mode", "required");

        Assert.Contains("'mode'", error.Message);
    }

    [Fact]
    public void Validate_RequiredGivenAsNull_ReportsRequired()
    {
        RefuseOnce(Options, """{"mode":null}""", "mode", "required");
    }

    [Fact]
    public void Validate_OptionalGivenAsNull_IsTreatedAsAbsent()
    {
        var output = Validate(HelloWorld, """{"count":null,"names":null}""");

        Assert.Equal("""{"count":3}""", Canonical(output));
    }

    [Fact]
    public void Validate_NullInput_IsAnEmptyRequest()
    {
        var output = GeoOrchestration.Parameters.ParameterValidator.Validate(HelloWorld, null, "hello_world");

        Assert.Equal("""{"count":3}""", Canonical(output));
    }
}
