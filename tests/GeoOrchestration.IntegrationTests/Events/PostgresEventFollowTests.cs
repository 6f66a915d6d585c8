using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Events;

/// <summary>
/// A follower on PostgreSQL (JobEventFollow, sql/postgres/queries/events.sql) beside transactions it does
/// not wait for: a session holding a transaction with an xid (as pg_dump or an idle-in-transaction session
/// does) holds back no event; an event whose transaction commits after a newer one was read comes in the
/// next read, once; a rolled-back one never comes. The follower's read seeks the job's events by index.
/// </summary>
public sealed class PostgresEventFollowTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private async Task<string> SubmitAsync() =>
        (await fixture.Client.SubmitAsync("noop", new JsonObject { ["label"] = Guid.NewGuid().ToString() })).Job.JobId;

    /// <summary>A session of its own with a transaction that has taken an xid, left open until disposed.</summary>
    private async Task<NpgsqlConnection> OpenTransactionAsync()
    {
        var connection = new NpgsqlConnection(fixture.Server.ConnectionString);
        await connection.OpenAsync();
        await using var begin = new NpgsqlCommand("BEGIN; SELECT pg_current_xact_id();", connection);
        await begin.ExecuteScalarAsync();
        return connection;
    }

    private async Task<JobEventBatch> FollowAsync(string jobId, JobEventCursor? cursor) =>
        await fixture.Store.JobEventFollowAsync(new JobEventListParams(jobId) { Limit = 100 }, cursor, default);

    private async Task WriteEventAsync(string jobId, int i) => await fixture.Store.ExecuteAsync(async (tx, ct) =>
    {
        await tx.JobEventInsertAsync(new JobEventInsertParams(jobId, 1, JobEventKind.Repaired, new JsonObject { ["i"] = i }), ct);
        return 0;
    }, default);

    [Fact]
    public async Task FollowRead_ReturnsACommittedEvent_WhileAnOlderTransactionElsewhereStaysOpen()
    {
        await using var open = await OpenTransactionAsync();
        var jobId = await SubmitAsync();

        var first = await FollowAsync(jobId, null);
        await WriteEventAsync(jobId, 1);
        var second = await FollowAsync(jobId, first.Next);

        Assert.Equal([JobEventKind.Submitted], first.Events.Select(e => e.Kind));
        Assert.Equal([JobEventKind.Repaired], second.Events.Select(e => e.Kind));
        Assert.Empty((await FollowAsync(jobId, second.Next)).Events);
    }

    [Fact]
    public async Task Follower_ReadsTheJobsEvents_WhileAnOlderTransactionElsewhereStaysOpen()
    {
        await using var open = await OpenTransactionAsync();
        var jobId = await SubmitAsync();
        using var deadline = new CancellationTokenSource(Deadline);

        var followed = new List<JobEvent>();
        var query = new JobEventQuery(jobId) { Follow = true, PollInterval = TimeSpan.FromMilliseconds(50) };
        await foreach (var e in fixture.Client.EnumerateJobEventsAsync(query, deadline.Token))
        {
            followed.Add(e);
            if (followed.Count == 1) await WriteEventAsync(jobId, 1);
            if (followed.Count == 2) break;
        }

        Assert.Equal([JobEventKind.Submitted, JobEventKind.Repaired], followed.Select(e => e.Kind));
    }

    [Fact]
    public async Task AnEventCommittedAfterANewerOneWasRead_ComesInTheNextRead_Once_AndARolledBackOneNever()
    {
        var jobId = await SubmitAsync();
        var start = await FollowAsync(jobId, null);
        await using var late = await OpenTransactionAsync();
        await using var aborted = await OpenTransactionAsync();
        long lateId = await InsertAsync(late, jobId, "late"), abortedId = await InsertAsync(aborted, jobId, "aborted");
        await WriteEventAsync(jobId, 2);

        var beforeCommit = await FollowAsync(jobId, start.Next);
        await using (var commit = new NpgsqlCommand("COMMIT", late)) await commit.ExecuteNonQueryAsync();
        await using (var rollback = new NpgsqlCommand("ROLLBACK", aborted)) await rollback.ExecuteNonQueryAsync();
        var afterCommit = await FollowAsync(jobId, beforeCommit.Next);
        var then = await FollowAsync(jobId, afterCommit.Next);

        var newer = Assert.Single(beforeCommit.Events);
        Assert.True(newer.Id > lateId, "the committed event was written after the late one");
        Assert.Equal([lateId], afterCommit.Events.Select(e => e.Id));
        Assert.Equal("late", afterCommit.Events[0].Detail!["writer"]!.GetValue<string>());
        Assert.Empty(then.Events);
        var all = await fixture.Store.JobEventListAsync(new JobEventListParams(jobId), default);
        Assert.DoesNotContain(abortedId, all.Select(e => e.Id));
        Assert.Equal(all.Select(e => e.Id).Order(), start.Events.Concat(beforeCommit.Events).Concat(afterCommit.Events).Select(e => e.Id).Order());
    }

    private async Task<long> InsertAsync(NpgsqlConnection connection, string jobId, string writer)
    {
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO \"{fixture.Schema}\".job_events (job_id, stage, kind, detail, occurred_at) " +
            "VALUES (@job_id, 1, 'repaired', jsonb_build_object('writer', @writer::text), now()) RETURNING event_id", connection);
        insert.Parameters.AddWithValue("job_id", jobId);
        insert.Parameters.AddWithValue("writer", writer);
        return Convert.ToInt64(await insert.ExecuteScalarAsync());
    }

    [Fact]
    public async Task FollowRead_SeeksTheJobsEventsByIndex_NeverAScan()
    {
        // A job with 20,000 events of as many transactions (xact 1,000,001 to 1,020,000), and a follower whose
        // last read saw xact 1,000,100 (a long transaction: the snapshot's xmin) and 1,019,991 running: only
        // those two and what came after 1,019,995 (its xmax) can be new. The plan must seek them, not read
        // the 19,900 events since the xmin.
        var jobId = await SubmitAsync();
        await using var dataSource = fixture.Server.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var fill = new NpgsqlCommand(
            $"INSERT INTO \"{fixture.Schema}\".job_events (job_id, stage, kind, occurred_at, xact) " +
            "SELECT @job_id, 1, 'repaired', now(), (1000000 + g)::text::xid8 FROM generate_series(1, 20000) g; " +
            $"ANALYZE \"{fixture.Schema}\".job_events", connection))
        {
            fill.Parameters.AddWithValue("job_id", jobId);
            await fill.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand("EXPLAIN " + fixture.Store.Sql("JobEventFollow"), connection);
        explain.Parameters.AddWithValue("job_id", jobId);
        explain.Parameters.AddWithValue("after_xact", "0");
        explain.Parameters.AddWithValue("after_id", 0L);
        explain.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value });
        explain.Parameters.Add(new NpgsqlParameter("stage", NpgsqlTypes.NpgsqlDbType.Integer) { Value = DBNull.Value });
        explain.Parameters.AddWithValue("limit", 1000);
        explain.Parameters.AddWithValue("seen", "1000100:1019995:1000100,1019991");
        explain.Parameters.Add(new NpgsqlParameter("reading", NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value });
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        var plan = string.Join('\n', lines);

        // Two seeks: the transactions newer than the last read's snapshot (xact >= its xmax), and those it saw
        // running (its xip list as the index condition, not a filter over everything since its xmin).
        Assert.True(plan.Split("using job_events_job_order_idx").Length - 1 == 2, plan);
        Assert.Matches(@"Index Cond: .*xact >= '1019995'::xid8", plan);
        Assert.Matches(@"Index Cond: .*xact = ANY", plan);
        Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Bitmap", StringComparison.Ordinal), plan);
    }
}
