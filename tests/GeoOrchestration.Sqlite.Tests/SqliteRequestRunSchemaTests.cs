using GeoOrchestration.Engine;
using GeoOrchestration.Store;
using GeoOrchestration.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// Migration 0017 on SQLite, which holds by triggers what PostgreSQL holds by constraints: a job
/// written without a request id (another client that predates runs) is run 1 of its own request, and
/// a run other than 1 with the request's own id (or run 1 with another) is refused.
/// </summary>
public sealed class SqliteRequestRunSchemaTests : IAsyncLifetime
{
    private const string JobId = "89abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567";
    private readonly StoreFolder _folder = new();
    private SqliteConnection _connection = null!;

    public async Task InitializeAsync()
    {
        await _folder.Store().SchemaDeployAsync(new SchemaDeployParams(false), default);
        _connection = Db.Other(_folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _folder.DisposeAsync();
    }

    private static string Insert(string jobId, string columns = "", string values = "") => $"""
        INSERT INTO jobs (job_id, job_type, parameters, status, stage, total_stages, created_at, updated_at{columns})
        VALUES ('{jobId}', 'test', '{"{}"}', 'queued', 1, 1, 0, 0{values});
        """;

    [Fact]
    public async Task Insert_WithoutARequestId_IsRunOneOfItsOwnRequest()
    {
        Db.Execute(_connection, Insert(JobId));

        var job = await new EngineSteps(_folder.Store()).JobGetAsync(JobId, default);

        Assert.Equal((JobId, 1), (job!.RequestId, job.Run));
    }

    [Theory]
    [InlineData(", run", ", 2")]                                  // run 2 without a request id
    [InlineData(", request_id, run", ", '" + JobId + "', 2")]     // run 2 with its own id as the request
    [InlineData(", request_id, run", ", '" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + "', 1")] // run 1 of another request
    public void Insert_RunAndRequestThatDisagree_IsRefused(string columns, string values)
    {
        var error = Assert.Throws<SqliteException>(() => Db.Execute(_connection, Insert(JobId, columns, values)));

        Assert.Contains("jobs_request_run_check", error.Message);
    }
}
