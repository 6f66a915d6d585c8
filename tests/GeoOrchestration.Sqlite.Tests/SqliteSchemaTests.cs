using GeoOrchestration.Store;
using GeoOrchestration.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>The schema of sql/sqlite/migrations: the indexes hot queries need, and the invariants it holds itself.</summary>
public sealed class SqliteSchemaTests : IAsyncLifetime
{
    private const string JobId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly StoreFolder _folder = new();
    private SqliteConnection _connection = null!;

    public async Task InitializeAsync()
    {
        await _folder.Store().SchemaDeployAsync(new SchemaDeployParams(false), default);
        _connection = Db.Other(_folder.Path);
        Db.Execute(_connection, $"""
            INSERT INTO jobs (job_id, job_type, parameters, status, stage, total_stages, created_at, updated_at)
            VALUES ('{JobId}', 'test', '{"{}"}', 'processing', 1, 1, 0, 0);
            INSERT INTO stages (job_id, stage, task_count, remaining, planned_at) VALUES ('{JobId}', 1, 1, 1, 0);
            """);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _folder.DisposeAsync();
    }

    private string Plan(string query)
    {
        using var command = new SqliteCommand("EXPLAIN QUERY PLAN " + SqliteSqlCatalog.Get(query), _connection);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read()) lines.Add(reader.GetString(3));
        return string.Join(" | ", lines);
    }

    [Theory]
    [InlineData("TaskClaim", "tasks_claim_idx")]
    [InlineData("WorkAvailable", "tasks_claim_idx")]
    [InlineData("TaskNextDue", "tasks_claim_idx (visible_at>?)")]
    [InlineData("JobFind", "sqlite_autoindex_jobs_1 (job_id>? AND job_id<?)")]
    [InlineData("JobEventList", "job_events_job_idx (job_id=? AND event_id>?)")]
    [InlineData("WorkClaim", "job_work_visible_idx")]
    [InlineData("TaskList", "tasks_listing_idx (job_id=? AND status=? AND (stage,ordinal)>(?,?) AND stage<?)")]
    [InlineData("TaskList", "tasks_lease_idx (lease_expires_at>?)")]
    [InlineData("TaskGet", "sqlite_autoindex_tasks_1 (task_id=?)")]
    [InlineData("LeasesElsewhere", "tasks_lease_idx (lease_expires_at>?)")]
    [InlineData("StageResults", "sqlite_autoindex_tasks_1 (task_id>? AND task_id<?)")]
    [InlineData("StageResultsPage", "tasks_listing_idx (job_id=? AND status=? AND stage=? AND ordinal>?)")]
    [InlineData("TasksCancelForJob", "sqlite_autoindex_tasks_1 (task_id>? AND task_id<?)")]
    [InlineData("TasksRequeueForStage", "sqlite_autoindex_tasks_1 (task_id>? AND task_id<?)")]
    public void HotQuery_UsesItsIndex_NotATableScan(string query, string index)
    {
        var plan = Plan(query);
        Assert.Contains(index, plan);
        Assert.DoesNotContain("SCAN tasks", plan);
    }

    [Theory]
    [InlineData("UPDATE jobs SET status = 'done'")]
    [InlineData("UPDATE jobs SET status = 'completed'")] // terminal without completed_at
    [InlineData("UPDATE jobs SET stage = 2")] // beyond total_stages
    [InlineData("UPDATE jobs SET result = '{not json'")]
    [InlineData("UPDATE jobs SET job_id = upper(job_id)")]
    [InlineData("UPDATE stages SET remaining = 2")] // more than task_count
    [InlineData("UPDATE stages SET remaining = 0")] // closed without completed_at
    [InlineData("UPDATE stages SET advanced_at = 1")] // advanced with a task remaining
    [InlineData("UPDATE jobs SET deadline_at = 5")] // a deadline without the job timeout it is measured by
    [InlineData("UPDATE jobs SET job_timeout = 5")] // a job timeout without its deadline
    [InlineData("UPDATE jobs SET deadline_at = 5, job_timeout = 0")]
    [InlineData("INSERT INTO tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, status, max_attempts, visible_at, created_at) VALUES ('t', 'j', 1, 0, 'k', 'x', '{}', 'processing', 1, 0, 0)")] // processing without a lease
    [InlineData("INSERT INTO tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, max_attempts, visible_at, created_at) VALUES ('t', 'j', 1, 0, 'k', 'x', '{}', 0, 0, 0)")] // no attempt allowed
    [InlineData("INSERT INTO tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, max_attempts, visible_at, created_at) VALUES ('t', 'j', 1, 0, 'k', 'x', '{}', 'three', 0, 0)")] // STRICT: wrong type
    [InlineData("INSERT INTO job_work (job_id, kind, stage, visible_at, created_at) VALUES ('nope', 'plan', 1, 0, 0)")] // no such job
    [InlineData("INSERT INTO job_events (job_id, kind, occurred_at) VALUES ('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'exploded', 0)")]
    public void ImpossibleState_IsRefusedByTheDatabase(string sql)
    {
        Db.Execute(_connection, "PRAGMA foreign_keys = ON;");
        var error = Assert.Throws<SqliteException>(() => Db.Execute(_connection, sql));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }
}
