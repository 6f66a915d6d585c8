using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests;

public sealed class SubmissionTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task Submit_SameJobTwice_CreatesOneJobAndReportsTheSecondAsExisting()
    {
        var parameters = new JsonObject { ["names"] = new JsonArray("Ada", "Grace") };

        var first = await fixture.Client.SubmitAsync("hello_world", parameters);
        var second = await fixture.Client.SubmitAsync("hello_world", JsonNode.Parse("""{ "names" : ["Ada","Grace"] }""")!.AsObject());

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Job.JobId, second.Job.JobId);
        Assert.Equal(JobStatus.Queued, second.Job.Status);
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs WHERE job_id = @id", ("id", first.Job.JobId)));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_work WHERE job_id = @id", ("id", first.Job.JobId)));
    }

    [Fact]
    public async Task Submit_EightConcurrentSubmitters_OneCreatesAndSevenAreToldItExisted()
    {
        var parameters = new JsonObject { ["count"] = 17 };
        using var start = new Barrier(8);
        // Separate stores mean separate pools: eight real connections racing on the insert.
        var stores = Enumerable.Range(0, 8).Select(_ => fixture.CreateStore()).ToList();
        try
        {
            var submissions = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
            {
                await using var client = new GeoClient(store, fixture.Registry);
                start.SignalAndWait();
                return await client.SubmitAsync("hello_world", (JsonObject)parameters.DeepClone());
            })));

            Assert.Single(submissions, s => s.Created);
            Assert.Equal(7, submissions.Count(s => !s.Created));
            Assert.Single(submissions.Select(s => s.Job.JobId).Distinct());
            Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs WHERE job_id = @id", ("id", submissions[0].Job.JobId)));
            Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_events WHERE job_id = @id AND kind = 'submitted'", ("id", submissions[0].Job.JobId)));
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    public static TheoryData<string, string?, string[], string, string> BadInputs => new()
    {
        // job type, JSON, KEY=VALUE pairs, field, rule
        { "no_such_job", null, [], "job_type", "unknown" },
        { "", null, [], "job_type", "required" },
        { "hello_world", """{"count": "three"}""", [], "count", "type" },
        { "hello_world", """{"count": 1001}""", [], "count", "maximum" },
        { "hello_world", """{"count": 0}""", [], "count", "minimum" },
        { "hello_world", """{"count": 2.5}""", [], "count", "type" },
        { "hello_world", """{"cuont": 2}""", [], "cuont", "unknown" },
        { "hello_world", """{"names": []}""", [], "names", "min_items" },
        { "hello_world", """{"names": ["ok", 7]}""", [], "names[1]", "type" },
        { "hello_world", """{"names": [""]}""", [], "names[0]", "min_length" },
        { "hello_world", """{"count": 2""", [], "parameters", "json" },
        { "hello_world", """[1, 2]""", [], "parameters", "object" },
        { "hello_world", null, ["count=abc"], "count", "type" },
        { "hello_world", null, ["count"], "param", "format" },
        { "hello_world", """{"count": 2}""", ["count=3"], "count", "duplicate" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Submit_BadInput_IsRefusedNamingFieldAndRuleAndWritesNothing(string jobType, string? json, string[] pairs, string field, string rule)
    {
        var before = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => fixture.Client.SubmitAsync(jobType, json, pairs));

        Assert.Contains(error.Errors, e => e.Field == field && e.Rule == rule);
        Assert.Contains($"'{field}'", error.Message);
        Assert.Equal(before, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
    }

    [Fact]
    public async Task Submit_OversizedParameters_IsRefusedWithTheLimit()
    {
        var names = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)JsonValue.Create(new string('x', 90) + i)).ToArray());
        var before = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => fixture.Client.SubmitAsync("hello_world", new JsonObject { ["names"] = names }));

        Assert.Contains(error.Errors, e => e.Field == "parameters" && e.Rule == "max_size");
        Assert.Equal(before, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
    }

    [Fact]
    public async Task GetJob_MalformedId_IsRefusedBeforeAnyQuery()
    {
        var error = await Assert.ThrowsAsync<GeoValidationException>(() => fixture.Client.GetJobAsync("'; DROP TABLE jobs; --"));
        Assert.Equal("job_id", error.Errors[0].Field);
    }

    [Fact]
    public async Task GetJob_UnknownId_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<GeoNotFoundException>(() => fixture.Client.GetJobAsync(new string('a', 64)));
    }
}
