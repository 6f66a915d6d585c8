using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>Parameters no store can hold are refused by the executable as invalid input (exit 2), naming where, and write nothing.</summary>
public sealed class StorableTextCliTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Task<Geoorch.Result> RunAsync(params string[] arguments) => Geoorch.RunAsync(arguments, new Dictionary<string, string?>
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
    });

    private Task<long> JobCountAsync() => fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");

    private async Task AssertRefusedAsync(string expected, params string[] arguments)
    {
        var before = await JobCountAsync();

        var result = await RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("geoorch: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("22P05", result.Stderr);
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public Task Submit_NoopLabelHoldingNul_ExitsTwoNamingTheLabel() =>
        AssertRefusedAsync("Parameter 'label' holds a NUL character", "submit", "noop", "--parameters-json", """{"label":"a\u0000b"}""");

    [Fact]
    public Task Submit_HelloWorldNameHoldingNul_ExitsTwoNamingTheItem() =>
        AssertRefusedAsync("Parameter 'names[0]' holds a NUL character", "submit", "hello_world", "--parameters-json", """{"names":["x\u0000y"]}""");

    [Fact]
    public Task Submit_EscapedLoneSurrogate_ExitsTwoNamingTheItem() =>
        AssertRefusedAsync("Parameter 'names[1]' holds a lone UTF-16 surrogate", "submit", "hello_world", "--parameters-json", """{"names":["ok","x\ud800"]}""");

    [Fact]
    public Task Submit_EscapedLoneSurrogateInAName_WithKeyValuePairs_ExitsTwo() =>
        AssertRefusedAsync("A parameter name holds a lone UTF-16 surrogate", "submit", "noop", "--parameters-json", """{"x\udc00":1}""", "-p", "tasks=2");

    [Fact]
    public Task Run_NoopLabelHoldingNul_ExitsTwoBeforeAnyWork() =>
        AssertRefusedAsync("'label'", "run", "noop", "--parameters-json", """{"label":"a\u0000b"}""", "--timeout", "30");
}
