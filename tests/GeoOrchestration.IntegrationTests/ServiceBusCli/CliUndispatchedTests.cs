using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests.ServiceBusCli;

/// <summary>
/// <c>geoorch job get</c> under the Service Bus transport reports what of the job waits undispatched (issue 19,
/// part 3), from the store's outbox: no Service Bus is reached. Under the database transport, which dispatches
/// nothing, it reports nothing.
/// </summary>
public sealed class CliUndispatchedTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Dictionary<string, string?> Environment(string? serviceBus) => new()
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
        ["GEO_SERVICEBUS"] = serviceBus,
    };

    /// <summary>A job whose first work is ready and was never sent: submitted on the database transport.</summary>
    private async Task<string> WaitingJobAsync() =>
        (await fixture.Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["tasks"] = 1, ["label"] = Guid.NewGuid().ToString() })).Job.JobId;

    [Fact]
    public async Task JobGet_UnderServiceBus_ReportsTheUndispatchedCountAndAge_InJsonAndTable()
    {
        var jobId = await WaitingJobAsync();

        var json = await Geoorch.RunAsync(["job", "get", jobId[..16], "--output", "json"], Environment("geo-test"));
        var table = await Geoorch.RunAsync(["job", "get", jobId[..16]], Environment("geo-test"));

        Assert.True(json.ExitCode == 0, json.Stderr);
        var undispatched = json.Json["undispatched"]!;
        Assert.Equal(1, undispatched["count"]!.GetValue<long>());
        Assert.True(undispatched["oldestSeconds"]!.GetValue<double>() >= 0);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Matches(@"(?m)^Undispatched\s+1 attempt\(s\) undispatched, the oldest for ", table.Stdout);
    }

    [Fact]
    public async Task JobGet_UnderTheDatabaseTransport_ReportsNothingUndispatched()
    {
        var jobId = await WaitingJobAsync();

        var json = await Geoorch.RunAsync(["job", "get", jobId, "--output", "json"], Environment(null));
        var overridden = await Geoorch.RunAsync(["job", "get", jobId, "--output", "json", "--transport", "database"], Environment("geo-test"));

        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Null(json.Json["undispatched"]);
        Assert.True(overridden.ExitCode == 0, overridden.Stderr);
        Assert.Null(overridden.Json["undispatched"]);
    }
}
