using GeoOrchestration.Core.Tests.Support;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Parameters;
using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>Mutually exclusive parameters ([MutuallyExclusive]): refused together, and an unused default stays out of the id.</summary>
public sealed class ParameterValidatorExclusiveTests
{
    [Fact]
    public void Validate_ExclusiveParametersTogether_IsRefusedNamingBoth()
    {
        var error = RefuseOnce(HelloWorld, """{"count":2,"names":["Ada"]}""", "names", "exclusive");

        Assert.Contains("'count' and 'names'", error.Message);
    }

    [Fact]
    public void Validate_OneOfAnExclusiveGroupGiven_LeavesTheOthersDefaultOut()
    {
        // Before: {"count":3,"names":["Ada"]}, so the unused count changed the job's id.
        Assert.Equal("""{"names":["Ada"]}""", Canonical(Validate(HelloWorld, """{"names":["Ada"]}""")));
    }

    [Fact]
    public void Validate_NamesOnly_GivesTheIdOfNamesAlone()
    {
        var validated = Validate(HelloWorld, """{"names":["Ada"]}""");

        Assert.Equal(JobIdentity.JobId("hello_world", System.Text.Json.Nodes.JsonNode.Parse("""{"names":["Ada"]}""")!.AsObject()),
            JobIdentity.JobId("hello_world", validated));
    }

    [Fact]
    public void Validate_ExclusiveMemberGivenAsNull_CountsAsNotGiven()
    {
        Assert.Equal("""{"names":["Ada"]}""", Canonical(Validate(HelloWorld, """{"count":null,"names":["Ada"]}""")));
    }

    [Fact]
    public void Describe_ExclusiveParameters_ListEachOther()
    {
        var described = HelloWorld.Describe();

        Assert.Equal(["names"], described[0]!["exclusiveWith"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["count"], described[1]!["exclusiveWith"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void For_ExclusiveNamingAnUnknownParameter_IsRefused()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => ParameterSchema.For(typeof(ExclusiveUnknownParameters)));

        Assert.Contains("'missing'", error.Message);
    }

    [Fact]
    public void For_ExclusiveWithARequiredParameter_IsRefused()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => ParameterSchema.For(typeof(ExclusiveRequiredParameters)));

        Assert.Contains("required parameter 'size'", error.Message);
    }
}
