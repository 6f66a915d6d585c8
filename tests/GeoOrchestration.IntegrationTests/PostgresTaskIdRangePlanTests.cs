using GeoOrchestration.Identity;
using GeoOrchestration.IntegrationTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// PostgreSQL's plans of the queries by job or stage, which take their task id range as parameters
/// (@task_id_from, @task_id_to, from <see cref="JobIdentity.TaskIdsOf(string, int)"/>): a seek of an
/// index of the tasks, never a scan of the table. The test pins the plan, not a time.
/// </summary>
public sealed class PostgresTaskIdRangePlanTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private static readonly string JobId = new('a', 64);

    private async Task<string> PlanAsync(string query, int? stage)
    {
        await using var dataSource = fixture.Server.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        // The test's tables are tiny: without this any plan costs next to nothing and a scan wins.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + fixture.Store.Sql(query), connection);
        var range = stage is { } s ? JobIdentity.TaskIdsOf(JobId, s) : JobIdentity.TaskIdsOf(JobId);
        explain.Parameters.AddWithValue("job_id", JobId);
        explain.Parameters.AddWithValue("stage", stage ?? 1);
        explain.Parameters.AddWithValue("task_id_from", range.From);
        explain.Parameters.AddWithValue("task_id_to", range.To);
        explain.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = DBNull.Value });
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }

    [Theory]
    [InlineData("StageResults", 3)]
    [InlineData("TasksRequeueForStage", 3)]
    [InlineData("TasksCancelForJob", null)]
    [InlineData("StageRewind", 2)]
    [InlineData("JobDelete", null)]
    [InlineData("JobRunningTaskCount", null)]
    public async Task QueryByJobOrStage_TaskIdRangeParameters_ReadTasksThroughAnIndex(string query, int? stage)
    {
        var plan = await PlanAsync(query, stage);

        Assert.True(plan.Contains(" on tasks", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task StageResults_TaskIdRangeParameters_AreTheSeekOfThePrimaryKey()
    {
        var plan = await PlanAsync("StageResults", 3);

        // The parameters are the index's bounds, not a filter over the job's other stages.
        Assert.True(plan.Contains("Index Scan using tasks_pkey on tasks", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains($"Index Cond: ((task_id >= '{JobId[..16]}-s3-'::text) AND (task_id < '{JobId[..16]}-s3.'::text))",
            StringComparison.Ordinal), plan);
    }
}
