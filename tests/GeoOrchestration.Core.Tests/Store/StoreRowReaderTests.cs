using System.Data;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Core.Tests.Store;

/// <summary>
/// The shared row mapping: columns are found by name (their order in the SQL does not matter), each
/// store's form of a time and a span reads the same, and SQL that lacks a column is refused rather
/// than read as a default.
/// </summary>
public sealed class StoreRowReaderTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    /// <summary>The job columns as a store returns them, in the given order, with times and spans in one store's form.</summary>
    private static DataTableReader JobRows(IEnumerable<string> order, Func<DateTimeOffset, object> time, Func<TimeSpan, object> span)
    {
        var values = new Dictionary<string, object>
        {
            ["JobId"] = "abc123",
            ["JobType"] = "noop",
            ["Parameters"] = """{"tasks":2}""",
            ["Status"] = "completed",
            ["Stage"] = 2,
            ["TotalStages"] = 3,
            ["Result"] = """{"ok":true}""",
            ["Error"] = DBNull.Value,
            ["CreatedAt"] = time(Created),
            ["UpdatedAt"] = time(Created.AddSeconds(5)),
            ["CompletedAt"] = time(Created.AddSeconds(9)),
            ["DeadlineAt"] = DBNull.Value,
            ["TaskTimeout"] = span(TimeSpan.FromMilliseconds(1500)),
            ["JobTimeout"] = DBNull.Value,
            ["RequestId"] = "abc123",
            ["Run"] = 1,
            ["Traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ["RemovingAt"] = time(Created.AddSeconds(20)),
        };
        var table = new DataTable();
        foreach (var name in order)
        {
            var type = values[name] is DBNull ? (name.EndsWith("At", StringComparison.Ordinal) ? time(Created).GetType()
                : name.EndsWith("Timeout", StringComparison.Ordinal) ? span(TimeSpan.Zero).GetType() : typeof(string)) : values[name].GetType();
            var column = new DataColumn(name, type);
            if (type == typeof(DateTime)) column.DateTimeMode = DataSetDateTime.Utc;
            table.Columns.Add(column);
        }
        table.Rows.Add(order.Select(name => values[name]).ToArray());
        return table.CreateDataReader();
    }

    private static readonly string[] SqlOrder =
        ["JobId", "JobType", "Parameters", "Status", "Stage", "TotalStages", "Result", "Error",
         "CreatedAt", "UpdatedAt", "CompletedAt", "DeadlineAt", "TaskTimeout", "JobTimeout", "RequestId", "Run",
         "Traceparent", "RemovingAt"];

    private static object PostgresTime(DateTimeOffset t) => t.UtcDateTime;
    private static object PostgresSpan(TimeSpan s) => s;
    private static object SqliteTime(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    private static object SqliteSpan(TimeSpan s) => (long)s.TotalMilliseconds;

    private static async Task<JobRecord> ReadJobAsync(DataTableReader reader) =>
        Assert.Single(await StoreRowReader.ReadAsync(reader, static (JobRow row) => row.ToRecord(), default));

    [Fact]
    public async Task ReadAsync_ColumnsInAnotherOrder_MapsEachByName()
    {
        var inOrder = await ReadJobAsync(JobRows(SqlOrder, PostgresTime, PostgresSpan));
        var reversed = await ReadJobAsync(JobRows(SqlOrder.Reverse(), PostgresTime, PostgresSpan));

        Assert.Equal("abc123", reversed.JobId);
        Assert.Equal("noop", reversed.JobType);
        Assert.Equal(JobStatus.Completed, reversed.Status);
        Assert.Equal((2, 3), (reversed.Stage, reversed.TotalStages));
        Assert.Equal(Created, reversed.Created);
        Assert.Equal(Created.AddSeconds(5), reversed.Updated);
        Assert.Equal(Created.AddSeconds(9), reversed.Completed);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), reversed.TaskTimeout);
        Assert.Null(reversed.Deadline);
        Assert.Null(reversed.JobTimeout);
        Assert.Null(reversed.Error);
        Assert.Equal("""{"tasks":2}""", reversed.Parameters.ToJsonString());
        Assert.Equal("""{"ok":true}""", reversed.Result!.ToJsonString());
        // The record carries the stored traceparent's trace id only.
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", reversed.TraceId);
        Assert.Equal(Created.AddSeconds(20), reversed.RemovingAt);
        Assert.Equal(inOrder with { Parameters = reversed.Parameters, Result = reversed.Result }, reversed);
    }

    [Fact]
    public async Task ReadAsync_SqliteUnixMilliseconds_ReadsAsThePostgresTimesAndSpans()
    {
        var postgres = await ReadJobAsync(JobRows(SqlOrder, PostgresTime, PostgresSpan));
        var sqlite = await ReadJobAsync(JobRows(SqlOrder, SqliteTime, SqliteSpan));

        Assert.Equal((postgres.Created, postgres.Updated, postgres.Completed, postgres.Deadline, postgres.TaskTimeout, postgres.JobTimeout),
            (sqlite.Created, sqlite.Updated, sqlite.Completed, sqlite.Deadline, sqlite.TaskTimeout, sqlite.JobTimeout));
        Assert.Equal(postgres.RemovingAt, sqlite.RemovingAt);
        Assert.Equal(TimeSpan.Zero, sqlite.Created.Offset);
    }

    [Fact]
    public async Task ReadAsync_ColumnMissing_IsRefusedNamingTheColumn()
    {
        var reader = JobRows(SqlOrder.Where(c => c != "UpdatedAt"), PostgresTime, PostgresSpan);

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => StoreRowReader.ReadAsync(reader, static (JobRow row) => row.ToRecord(), default));
        Assert.Contains("JobRow", error.Message);
        Assert.Contains("UpdatedAt", error.Message);
    }

    [Fact]
    public async Task ReadFirstAsync_NoRow_IsNull()
    {
        var reader = JobRows(SqlOrder, PostgresTime, PostgresSpan);
        await reader.ReadAsync();

        Assert.Null(await StoreRowReader.ReadFirstAsync(reader, static (JobRow row) => row.ToRecord(), default));
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Unspecified)]
    public void ParseTime_DriverDateTime_IsThatInstantInUtc(DateTimeKind kind)
    {
        var time = StoreTypeHandlers.ParseTime(DateTime.SpecifyKind(Created.UtcDateTime, kind));

        Assert.Equal(Created, time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Fact]
    public void ParseTime_OtherType_IsRefusedNamingIt()
    {
        var error = Assert.Throws<InvalidCastException>(() => StoreTypeHandlers.ParseTime("2026-03-01"));
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public void ParseSpan_Milliseconds_IsThatSpan() =>
        Assert.Equal(TimeSpan.FromMilliseconds(86_400_001), StoreTypeHandlers.ParseSpan(86_400_001L));

    [Fact]
    public void StageResultRow_TaskNotEnded_IsAContractViolation()
    {
        var row = new StageResultRow { TaskId = "t1", TaskKey = "k", Status = "processing", Result = null };

        var error = Assert.Throws<ContractViolationException>(() => row.AddTo([], [], "job", 2));
        Assert.Contains("task t1 is processing", error.Message);
    }

    [Fact]
    public void StageResultRow_CompletedAndFailedTasks_GoToResultsAndFailures()
    {
        var results = new List<GeoOrchestration.Definitions.StageResult>();
        var failures = new List<GeoOrchestration.Definitions.StageFailure>();

        new StageResultRow { TaskId = "t1", TaskKey = "a", Status = "completed", Result = "{\"n\":1}" }.AddTo(results, failures, "job", 2);
        new StageResultRow { TaskId = "t2", TaskKey = "b", Status = "failed", ErrorType = "E", ErrorMessage = "bad", Parameters = "{\"file\":\"x.tif\"}" }
            .AddTo(results, failures, "job", 2);

        Assert.Equal("t1", Assert.Single(results).TaskId);
        Assert.Equal("t2", Assert.Single(failures).TaskId);
    }
}
