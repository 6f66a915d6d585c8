using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Model;

namespace GeoOrchestration.Core.Tests.Identity;

public sealed class RunKeyTests
{
    private static readonly JsonObject Count3 = new() { ["count"] = 3 };

    [Fact]
    public void JobId_WithoutRunKey_IsExactlyTheIdWithoutOne()
    {
        Assert.Equal(JobIdentity.JobId("hello_world", Count3), JobIdentity.JobId("hello_world", Count3, runKey: null));
    }

    [Fact]
    public void JobId_WithRunKey_IsTheHashOfTheRequestWithTheKey()
    {
        // Pinned: run_key sorts last among the keys of the canonical request.
        var expected = Convert.ToHexString(SHA256.HashData(
            """{"job_type":"hello_world","parameters":{"count":3},"run_key":"2026-11-30"}"""u8)).ToLowerInvariant();
        Assert.Equal(expected, JobIdentity.JobId("hello_world", Count3, "2026-11-30"));
    }

    [Fact]
    public void JobId_OtherRunKey_IsAnotherJob_SameRunKeyTheSameJob()
    {
        var monday = JobIdentity.JobId("hello_world", Count3, "2026-11-30");
        Assert.NotEqual(monday, JobIdentity.JobId("hello_world", Count3, "2026-12-01"));
        Assert.Equal(monday, JobIdentity.JobId("hello_world", (JsonObject)Count3.DeepClone(), "2026-11-30"));
        Assert.NotEqual(JobIdentity.JobId("hello_world", Count3), monday);
    }

    [Theory]
    [InlineData("", "length")]
    [InlineData("a\nb", "format")]
    [InlineData("tab\there", "format")]
    public void Validate_MalformedRunKey_IsRefusedNamingTheField(string key, string rule)
    {
        var error = Assert.Throws<GeoValidationException>(() => new SubmitOptions { RunKey = key }.Validate());
        Assert.Equal(("run_key", rule), (error.Errors.Single().Field, error.Errors.Single().Rule));
    }

    [Fact]
    public void Validate_RunKeyLongerThanTheMaximum_IsRefused_AndTheMaximumAccepted()
    {
        new SubmitOptions { RunKey = new string('k', JobIdentity.MaxRunKeyLength) }.Validate();
        var error = Assert.Throws<GeoValidationException>(() => new SubmitOptions { RunKey = new string('k', JobIdentity.MaxRunKeyLength + 1) }.Validate());
        Assert.Equal("run_key", error.Errors.Single().Field);
    }
}
