using GeoOrchestration.Identity;
using GeoOrchestration.IntegrationTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// PostgreSQL's plans of the prune statements (sql/postgres/queries/retention.sql): each batch statement is a
/// seek of an index (a job's tasks by their id range, the oldest ended jobs of a status by jobs_ended_idx,
/// processing tasks by tasks_lease_idx), never a scan of a table a million-task store makes large. The test
/// pins the plan, not a time.
/// </summary>
public sealed class PostgresRetentionPlanTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private static readonly string JobId = new('b', 64);

    private async Task<string> PlanAsync(string query)
    {
        await using var dataSource = fixture.Server.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        // The test's tables are tiny: without this any plan costs next to nothing and a scan wins.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + fixture.Store.Sql(query), connection);
        var range = JobIdentity.TaskIdsOf(JobId);
        explain.Parameters.AddWithValue("job_id", JobId);
        explain.Parameters.AddWithValue("task_id_from", range.From);
        explain.Parameters.AddWithValue("task_id_to", range.To);
        explain.Parameters.AddWithValue("limit", 2000);
        explain.Parameters.AddWithValue("status", "completed");
        explain.Parameters.AddWithValue("older_than", TimeSpan.FromDays(7));
        explain.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = DBNull.Value });
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }

    [Theory]
    [InlineData("PruneTasks", "tasks_pkey")]
    [InlineData("PruneCandidates", "jobs_ended_idx")]
    [InlineData("PruneCount", "jobs_ended_idx")]
    [InlineData("PruneMark", "tasks_lease_idx")]
    [InlineData("PruneEvents", "on job_events_job")]
    public async Task PruneStatement_ReadsThroughItsIndex_NeverAScan(string query, string index)
    {
        var plan = await PlanAsync(query);

        Assert.True(plan.Contains(index, StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
    }
}
