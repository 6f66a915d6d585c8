using GeoOrchestration.Postgres;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Reliability;

/// <summary>
/// What the store says happened to one job's tasks and steps, read straight from its tables: the
/// figures behind "handlers run at least once, their completions count exactly once".
/// </summary>
internal sealed record JobLedger(
    long Tasks,
    long Completed,
    long DistinctKeys,
    long AttemptsSum,
    long Retried,
    long ResultsBeyondAttempts,
    long CompletingWorkers,
    long WorkLeft,
    IReadOnlyDictionary<int, long> TasksPerStage,
    IReadOnlyDictionary<int, (long Planned, long Completed)> StageEvents,
    long Finalized)
{
    public static async Task<JobLedger> ReadAsync(PostgresStore store, string connectionString, string schema, string jobId, int stages)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var tasks = $"\"{schema}\".tasks";
        await using var totals = dataSource.CreateCommand($"""
            SELECT count(*),
                   count(*) FILTER (WHERE status = 'completed'),
                   count(DISTINCT (stage, task_key)),
                   coalesce(sum(attempts), 0),
                   count(*) FILTER (WHERE attempts > 1),
                   count(*) FILTER (WHERE status = 'completed' AND NOT coalesce((result->>'attempt')::int BETWEEN 1 AND attempts, false)),
                   count(DISTINCT result->>'worker'),
                   (SELECT count(*) FROM "{schema}".job_work WHERE job_id = @id)
            FROM {tasks} WHERE job_id = @id
            """);
        totals.Parameters.AddWithValue("id", jobId);
        var values = new long[8];
        await using (var reader = await totals.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            for (var i = 0; i < values.Length; i++) values[i] = reader.GetInt64(i);
        }

        await using var perStage = dataSource.CreateCommand($"SELECT stage, count(*) FROM {tasks} WHERE job_id = @id GROUP BY stage");
        perStage.Parameters.AddWithValue("id", jobId);
        var tasksPerStage = new Dictionary<int, long>();
        await using (var reader = await perStage.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tasksPerStage[reader.GetInt32(0)] = reader.GetInt64(1);

        var events = new Dictionary<int, (long, long)>();
        for (var stage = 1; stage <= stages; stage++)
            events[stage] = (await store.EventCountAsync(jobId, "stage_planned", stage, default),
                await store.EventCountAsync(jobId, "stage_completed", stage, default));
        var finalized = await store.EventCountAsync(jobId, "finalized", null, default);

        return new JobLedger(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
            tasksPerStage, events, finalized);
    }

    /// <summary>Tasks of the job in each status, for failure messages.</summary>
    public static async Task<string> StatusesAsync(string connectionString, string schema, string jobId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(
            $"SELECT string_agg(status || '=' || n, ', ' ORDER BY status) FROM (SELECT status, count(*) n FROM \"{schema}\".tasks WHERE job_id = @id GROUP BY status) s");
        command.Parameters.AddWithValue("id", jobId);
        return await command.ExecuteScalarAsync() as string ?? "no tasks";
    }

    /// <summary>The job's tasks in one status (e.g. completed), counted on their own connection pool.</summary>
    public static async Task<long> CountAsync(string connectionString, string schema, string jobId, string status)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{schema}\".tasks WHERE job_id = @id AND status = @status");
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("status", status);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Invariants 1 and 6: every planned task completed exactly once, each stage planned and completed once, one finalize.</summary>
    public void AssertEveryTaskCompletedOnce(int tasksPerStage, int stages)
    {
        var expected = (long)tasksPerStage * stages;
        Assert.Equal(expected, Tasks);
        Assert.Equal(expected, Completed);
        Assert.Equal(Tasks, DistinctKeys);
        Assert.Equal(Enumerable.Range(1, stages).ToDictionary(s => s, _ => (long)tasksPerStage), TasksPerStage);
        for (var stage = 1; stage <= stages; stage++)
        {
            Assert.True(StageEvents[stage].Planned == 1, $"stage {stage} planned {StageEvents[stage].Planned} times");
            Assert.True(StageEvents[stage].Completed == 1, $"stage {stage} completed {StageEvents[stage].Completed} times");
        }
        Assert.Equal(1, Finalized);
        Assert.Equal(0, WorkLeft);
        // At least once: every completion was preceded by a claim, and each result names an attempt that was made.
        Assert.True(AttemptsSum >= Completed, $"{AttemptsSum} attempts for {Completed} completions");
        Assert.Equal(0, ResultsBeyondAttempts);
    }
}
