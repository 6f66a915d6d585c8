using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster;

/// <summary>
/// What a raster task leaves in its destination when it does not finish: nothing. Each way an
/// attempt can end mid-conversion is caught while GDAL writes its overviews (<c>.tmp.ovr.tmp</c>
/// beside the temporary COG), with real GDAL host processes and a real worker.
/// </summary>
public sealed class RasterLeftoverTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-leftovers");

    public void Dispose() => _folder.Dispose();

    private string Input => Path.Combine(_folder.Path, "in");
    private string Output => Path.Combine(_folder.Path, "out");

    private JsonObject Parameters(params (string Key, JsonNode? Value)[] extra)
    {
        var parameters = new JsonObject
        {
            ["source"] = new JsonArray(Input), ["destination"] = Output, ["blocksize"] = 256, ["overview_resampling"] = "LANCZOS",
        };
        foreach (var (key, value) in extra) parameters[key] = value;
        return parameters;
    }


    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"never: {what}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Run_GdalKilledOnEveryAttempt_FailsTheFileForGoodAndLeavesNoTemporaryFile()
    {
        await TestRasters.NoiseAsync(Path.Combine(Input, "big.tif"), 8000);
        var submission = await fixture.Client.SubmitAsync("raster_to_cog", Parameters());
        using var stop = new CancellationTokenSource();
        var worker = fixture.CreateWorker(concurrency: 1).RunAsync(stop.Token);
        var killed = new HashSet<int>();
        try
        {
            // Each attempt's GDAL host is SIGKILLed once its overview file is in the destination.
            while (!(await fixture.Client.GetJobAsync(submission.Job.JobId)).Status.IsTerminal())
            {
                if (GdalProcesses.WritingOverviews(Output))
                    foreach (var pid in GdalProcesses.HostsWithOpen(Output))
                        if (!killed.Contains(pid) && GdalProcesses.Kill(pid)) killed.Add(pid);
                await Task.Delay(10);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
        }

        var job = await fixture.Client.GetJobAsync(submission.Job.JobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        var convert = Assert.Single(await fixture.Client.ListTasksAsync(job.JobId, stage: 3));
        Assert.Equal((TaskRecordStatus.Failed, 3), (convert.Status, convert.Attempts));
        Assert.Contains("died with signal 9", convert.ErrorMessage);
        Assert.Equal(3, killed.Count);
        Assert.Empty(GdalProcesses.HiddenFiles(Output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Output));
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("shutdown")]
    [InlineData("timeout")]
    public async Task Run_StoppedMidConversion_KillsGdalAndLeavesNoTemporaryFile(string how)
    {
        // Through a warp to EPSG:4326 with LANCZOS: tens of seconds of conversion, so the stop is
        // seen (a heartbeat for a cancel, the timer for a timeout) long before GDAL could finish.
        await TestRasters.NoiseAsync(Path.Combine(Input, "big.tif"), 8000);
        var submission = await fixture.Client.SubmitAsync("raster_to_cog", Parameters(("target_crs", "EPSG:4326")),
            new SubmitOptions { TaskTimeout = how == "timeout" ? TimeSpan.FromSeconds(4) : null });
        using var stop = new CancellationTokenSource();
        var worker = fixture.Client.CreateWorker(new WorkerOptions
        {
            Concurrency = 1,
            Lease = TimeSpan.FromSeconds(3),
            PollInterval = TimeSpan.FromSeconds(1),
            ShutdownGrace = TimeSpan.Zero,
            JanitorInterval = TimeSpan.FromMilliseconds(200),
        }).RunAsync(stop.Token);
        try
        {
            await WaitUntilAsync(() => GdalProcesses.WritingOverviews(Output), "GDAL wrote overviews into the destination");
            if (how == "cancel") await fixture.Client.CancelJobAsync(submission.Job.JobId, "changed my mind");
            if (how == "shutdown") await stop.CancelAsync();
            await WaitUntilAsync(() => GdalProcesses.HostsWithOpen(Output).Count == 0, "GDAL stopped");
        }
        finally
        {
            await stop.CancelAsync();
            await worker; // every handler has returned
        }

        var convert = Assert.Single(await fixture.Client.ListTasksAsync(submission.Job.JobId, stage: 3));
        var expected = how switch
        {
            "cancel" => TaskRecordStatus.Cancelled,
            "shutdown" => TaskRecordStatus.Queued, // handed back, for another worker
            _ => TaskRecordStatus.Failed,
        };
        Assert.Equal(expected, convert.Status);
        if (how == "timeout") Assert.Contains("longer than its timeout of 4 s", convert.ErrorMessage);
        Assert.Empty(GdalProcesses.HiddenFiles(Output));
        Assert.False(File.Exists(Path.Combine(Output, "big.tif")));
    }

    [Fact]
    public async Task Run_RasterWithAnAttributeTable_LeavesNoSidecarOfTheTemporaryCog()
    {
        // GDAL writes what a TIFF cannot hold (the table) into an .aux.xml named after the file it
        // wrote: the temporary COG's name, which no reader opens once the COG is renamed.
        await TestRasters.WithAttributeTableAsync(Path.Combine(Input, "classes.tif"));

        var submission = await fixture.Client.SubmitAsync("raster_to_cog", Parameters());
        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Empty(GdalProcesses.HiddenFiles(Output));
        Assert.Equal(["classes.item.json", "classes.tif", "collection.json"],
            Directory.EnumerateFiles(Output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
