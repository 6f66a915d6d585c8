using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster.Support;

/// <summary>
/// What the tests of real <c>geoorch worker</c> processes converting rasters share: a temporary
/// folder with <see cref="Input"/> and <see cref="Output"/>, <c>raster_to_cog</c> submitted from one
/// to the other on the fixture's PostgreSQL schema, the workers' environment pointing there, and the
/// job's convert tasks. Disposing removes the folder.
/// </summary>
internal sealed class RasterWorkerRun(SchemaFixture fixture, string name) : IDisposable
{
    /// <summary>raster_to_cog's convert stage (inventory, listing, convert, catalog).</summary>
    public const int ConvertStage = 3;

    private readonly TempFolder _folder = new(name);

    /// <summary>The folder the job converts.</summary>
    public string Input => Path.Combine(_folder.Path, "in");

    /// <summary>The job's destination.</summary>
    public string Output => Path.Combine(_folder.Path, "out");

    /// <summary>A file under <see cref="Input"/>.</summary>
    public string In(string file) => Path.Combine(Input, file);

    /// <summary>A worker's environment on the fixture's schema, plus <paramref name="extra"/> (<c>GEO_GDAL_HOSTS</c>, ...).</summary>
    public Dictionary<string, string?> Environment(params (string Name, string? Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
            ["GEO_SCHEMA"] = fixture.Schema,
        };
        foreach (var (variable, value) in extra) environment[variable] = value;
        return environment;
    }

    /// <summary>Submits raster_to_cog from <see cref="Input"/> to <see cref="Output"/> with <paramref name="parameters"/> on top; its job id.</summary>
    public async Task<string> SubmitAsync(JsonObject? parameters = null)
    {
        var all = new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = Output };
        foreach (var (key, value) in parameters ?? []) all[key] = value?.DeepClone();
        return (await fixture.Client.SubmitAsync("raster_to_cog", all)).Job.JobId;
    }

    /// <summary>A <c>geoorch worker</c> with <paramref name="options"/> on the fixture's schema.</summary>
    public WorkerProcess StartWorker(params string[] options) => WorkerProcess.Start(options, Environment());

    /// <summary>The job once it ended (fails the test after <paramref name="seconds"/>).</summary>
    public Task<JobRecord> WaitAsync(string jobId, int seconds) => fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(seconds));

    /// <summary>The job's convert tasks, one per file.</summary>
    public Task<IReadOnlyList<TaskRecord>> ConvertsAsync(string jobId) => fixture.Client.ListTasksAsync(jobId, stage: ConvertStage);

    public void Dispose() => _folder.Dispose();
}
