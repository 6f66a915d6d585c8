using System.Text.Json.Nodes;
using GeoOrchestration.Core.Tests.Support;
using GeoOrchestration.Identity;

namespace GeoOrchestration.Core.Tests.Identity;

public sealed class JobIdTests
{
    private static string RawId(string json, string jobType = "hello_world") =>
        JobIdentity.JobId(jobType, JsonNode.Parse(json)!.AsObject());

    private static string ValidatedId(string json) =>
        JobIdentity.JobId("hello_world", Validation.Validate(Validation.HelloWorld, json, "hello_world"));

    [Fact]
    public void JobId_AnyRequest_Is64LowercaseHex()
    {
        var id = RawId("""{"count":3}""");

        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.True(JobIdentity.IsJobId(id));
    }

    [Fact]
    public void JobId_SameRequest_IsStable()
    {
        // Pinned: the id is the SHA-256 of {"job_type":"hello_world","parameters":{"count":3}}.
        // Changing the canonical form changes every existing job's id, so it must be deliberate.
        Assert.Equal(RawId("""{"count":3}"""), RawId("""{"count":3}"""));
        Assert.Equal(
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                """{"job_type":"hello_world","parameters":{"count":3}}"""u8)).ToLowerInvariant(),
            RawId("""{"count":3}"""));
    }

    [Fact]
    public void JobId_KeyOrderAndWhitespace_DoNotMatter()
    {
        Assert.Equal(RawId("""{"count":3,"names":["a","b"]}"""), RawId(" {\n \"names\" : [ \"a\", \"b\" ],\t\"count\": 3 } "));
    }

    [Theory]
    [InlineData("3.0")]
    [InlineData("3e0")]
    [InlineData("30e-1")]
    [InlineData("3.000")]
    public void JobId_EquivalentIntegerSpellings_GiveSameId(string spelling)
    {
        Assert.Equal(RawId("""{"count":3}"""), RawId($$"""{"count":{{spelling}}}"""));
        Assert.Equal(ValidatedId("""{"count":3}"""), ValidatedId($$"""{"count":{{spelling}}}"""));
    }

    [Theory]
    [InlineData("5e-1")]
    [InlineData("0.50")]
    [InlineData("50e-2")]
    public void JobId_EquivalentFractionSpellings_GiveSameId(string spelling)
    {
        Assert.Equal(RawId("""{"ratio":0.5}"""), RawId($$"""{"ratio":{{spelling}}}"""));
    }

    [Fact]
    public void JobId_DefaultsApplied_OmittedAndExplicitDefaultGiveSameId()
    {
        Assert.Equal(ValidatedId("{}"), ValidatedId("""{"count":3}"""));
        Assert.Equal(ValidatedId("{}"), ValidatedId("""{"count":3.0,"names":null}"""));
    }

    [Fact]
    public void JobId_DifferentCount_GivesDifferentId()
    {
        Assert.NotEqual(ValidatedId("""{"count":3}"""), ValidatedId("""{"count":4}"""));
    }

    [Fact]
    public void JobId_DifferentNames_GiveDifferentIds()
    {
        Assert.NotEqual(ValidatedId("""{"names":["Ada"]}"""), ValidatedId("""{"names":["Grace"]}"""));
        Assert.NotEqual(ValidatedId("""{"names":["Ada"]}"""), ValidatedId("""{"names":["ada"]}"""));
    }

    [Fact]
    public void JobId_ArrayOrder_Matters()
    {
        Assert.NotEqual(ValidatedId("""{"names":["Ada","Grace"]}"""), ValidatedId("""{"names":["Grace","Ada"]}"""));
    }

    [Fact]
    public void JobId_TinyNumberAndZero_GiveDifferentIds()
    {
        // ratio 1e-30 and ratio 0 are different requests; the same id would make the second
        // submission silently return the first job.
        string Id(string json) => JobIdentity.JobId("options", Validation.Validate(Validation.Options, json));

        Assert.NotEqual(Id("""{"mode":"fast","ratio":0}"""), Id("""{"mode":"fast","ratio":1e-30}"""));
    }

    [Fact]
    public void JobId_DifferentJobType_GivesDifferentId()
    {
        Assert.NotEqual(RawId("""{"count":3}""", "hello_world"), RawId("""{"count":3}""", "hello_world_2"));
    }

    [Fact]
    public void JobId_NestedObjectsInAnyKeyOrder_GiveSameId()
    {
        Assert.Equal(RawId("""{"area":{"x":1,"y":[{"p":1,"q":2}]}}"""), RawId("""{"area":{"y":[{"q":2,"p":1.0}],"x":1}}"""));
        Assert.NotEqual(RawId("""{"area":{"x":1,"y":2}}"""), RawId("""{"area":{"x":2,"y":1}}"""));
    }

    [Fact]
    public void JobId_ParametersObject_IsNotModified()
    {
        var parameters = JsonNode.Parse("""{"b":1,"a":2}""")!.AsObject();

        JobIdentity.JobId("hello_world", parameters);

        Assert.Equal("""{"b":1,"a":2}""", parameters.ToJsonString());
        Assert.Null(parameters.Parent);
    }
}
