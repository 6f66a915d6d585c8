using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>Submission is idempotent: the same job type and parameters give one job, and the caller is told which call created it.</summary>
public abstract partial class StoreSubmissionTests
{
    [Fact]
    public async Task Submit_SameJobTwice_CreatesOneJobAndReportsTheSecondAsExisting()
    {
        var parameters = new JsonObject { ["names"] = new JsonArray("Ada", "Grace") };

        var first = await Client.SubmitAsync("hello_world", parameters);
        var second = await Client.SubmitAsync("hello_world", JsonNode.Parse("""{ "names" : ["Ada","Grace"] }""")!.AsObject());

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Job.JobId, second.Job.JobId);
        Assert.Equal(JobStatus.Queued, second.Job.Status);
        Assert.Equal([first.Job.JobId], (await Store.JobListAsync(new JobListParams(), default)).Select(j => j.JobId));
        var plan = Assert.Single(await WorkAsync(first.Job.JobId));
        Assert.Equal((WorkKind.PlanStage, 1, 0), (plan.Kind, plan.Stage, plan.Attempts));
        Assert.Equal(1, await EventCountAsync(first.Job.JobId, JobEventKind.Submitted));
    }

    [Fact]
    public async Task Submit_EightConcurrentSubmitters_OneCreatesAndSevenAreToldItExisted()
    {
        var parameters = new JsonObject { ["count"] = 17 };
        using var start = new Barrier(8);
        // Eight clients, each with connections of its own: eight real writers racing on the insert.
        var clients = Enumerable.Range(0, 8).Select(_ => new GeoClient(OpenStore(), Registry)).ToList();

        var submissions = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await client.SubmitAsync("hello_world", (JsonObject)parameters.DeepClone());
        })));

        Assert.Single(submissions, s => s.Created);
        Assert.Equal(7, submissions.Count(s => !s.Created));
        var jobId = Assert.Single(submissions.Select(s => s.Job.JobId).Distinct());
        Assert.Equal([jobId], (await Store.JobListAsync(new JobListParams(), default)).Select(j => j.JobId));
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.Submitted));
        Assert.Single(await WorkAsync(jobId));
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
        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Client.SubmitAsync(jobType, json, pairs));

        Assert.Contains(error.Errors, e => e.Field == field && e.Rule == rule);
        Assert.Contains($"'{field}'", error.Message);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Submit_OversizedParameters_IsRefusedWithTheLimit()
    {
        var names = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)JsonValue.Create(new string('x', 90) + i)).ToArray());

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Client.SubmitAsync("hello_world", new JsonObject { ["names"] = names }));

        Assert.Contains(error.Errors, e => e.Field == "parameters" && e.Rule == "max_size");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task GetJob_MalformedId_IsRefusedBeforeAnyQuery()
    {
        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Client.GetJobAsync("'; DROP TABLE jobs; --"));
        Assert.Equal("job_id", error.Errors[0].Field);
    }

    [Fact]
    public async Task GetJob_UnknownId_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<GeoNotFoundException>(() => Client.GetJobAsync(new string('a', 64)));
    }
}
