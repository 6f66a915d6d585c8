using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary><c>geoorch submit/run --run-key</c>: the key is part of the job's identity.</summary>
public sealed class CliRunKeyTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Dictionary<string, string?> Environment => new()
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
    };

    private async Task<(string JobId, bool IsNew)> SubmitAsync(params string[] extra)
    {
        var submit = await Geoorch.RunAsync(["submit", "hello_world", "-p", "count=41", "-o", "json", .. extra], Environment);
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        return (submit.Json["jobId"]!.GetValue<string>(), submit.Json["isNew"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Submit_RunKey_MakesANewJobPerKey_AndTheSameJobForTheSameKey()
    {
        var plain = await SubmitAsync();
        var night1 = await SubmitAsync("--run-key", "2026-11-29");
        var night1Again = await SubmitAsync("--run-key", "2026-11-29");
        var night2 = await SubmitAsync("--run-key", "2026-11-30");

        Assert.True(night1.IsNew);
        Assert.Equal((night1.JobId, false), night1Again);
        Assert.Equal(3, new[] { plain.JobId, night1.JobId, night2.JobId }.Distinct().Count());
    }

    [Fact]
    public async Task Run_RunKey_RunsTheKeyedJob()
    {
        var run = await Geoorch.RunAsync(["run", "hello_world", "-p", "count=2", "--run-key", "k1", "-o", "json"], Environment);
        var again = await Geoorch.RunAsync(["submit", "hello_world", "-p", "count=2", "--run-key", "k1", "-o", "json"], Environment);
        var otherKey = await Geoorch.RunAsync(["submit", "hello_world", "-p", "count=2", "--run-key", "k2", "-o", "json"], Environment);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("completed", run.Json["status"]!.GetValue<string>());
        Assert.Equal(run.Json["jobId"]!.GetValue<string>(), again.Json["jobId"]!.GetValue<string>());
        Assert.False(again.Json["isNew"]!.GetValue<bool>());
        Assert.True(otherKey.Json["isNew"]!.GetValue<bool>());
    }
}
