using System.Text.Json.Nodes;
using GeoOrchestration.Identity;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>A temp folder with SQLite stores on its <c>geo.db</c>, all disposed with it.</summary>
internal sealed class StoreFolder : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteStore> _stores = [];

    public string Path => _folder.File();

    public string Folder => _folder.Path;

    public SqliteStore Store(TimeProvider? time = null, TimeSpan? busyTimeout = null)
    {
        var store = new SqliteStore(new SqliteStoreOptions { Path = Path, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5) }, time);
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Submission parameters of a job with a fresh id (the id is what the store keys on).</summary>
    public static JobSubmitParams Job(int totalStages = 1, string jobType = "test", TimeSpan? taskTimeout = null, TimeSpan? jobTimeout = null)
    {
        var parameters = new JsonObject { ["run"] = Guid.NewGuid().ToString("N") };
        return new JobSubmitParams(JobIdentity.JobId(jobType, parameters), jobType, parameters, totalStages, taskTimeout, jobTimeout);
    }

    public static IEnumerable<PlannedTask> Tasks(string jobId, int stage, int count, int maxAttempts = 3) =>
        Enumerable.Range(0, count).Select(i =>
            new PlannedTask(JobIdentity.TaskId(jobId, stage, $"t{i}"), $"t{i}", "noop", new JsonObject { ["i"] = i }, maxAttempts));
}
