using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs.Raster;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite;

namespace GeoOrchestration.Cli.Bench;

/// <summary>One timed conversion of a folder of rasters: by the one-liner, or by a raster_to_cog job.</summary>
/// <param name="Seconds">Wall time: the one-liner's process, or the job's submission to its completion.</param>
/// <param name="TaskSeconds">A job's convert tasks' elapsed times, summed (as each result records it); 0 for the one-liner.</param>
/// <param name="GdalSeconds">Of those, the time inside GDAL each result records, summed; 0 for the one-liner.</param>
/// <param name="ConvertStageSeconds">A job's convert stage, from its plan to its last task's completion; 0 for the one-liner.</param>
public sealed record RasterBenchRun(double Seconds, double TaskSeconds = 0, double GdalSeconds = 0, double ConvertStageSeconds = 0);

/// <summary>
/// The two ways a raster benchmark converts a folder: the one-liner a user would write instead of the job, and
/// raster_to_cog on a fresh embedded store (a SQLite file of its own) with an in-process worker, the worker
/// <c>geoorch worker</c> runs. Both write COGs with the same creation options (the job's defaults, from
/// <see cref="CogOptions.CreationOptions"/>); the job also writes and verifies what it always does (the STAC Items
/// and Collection, checksums, footprints), and a run counts only when every output is there.
/// </summary>
internal static class RasterBenchRuns
{
    /// <summary>The convert stage of raster_to_cog (inventory, listing, convert, catalog).</summary>
    private const int ConvertStage = 3;

    /// <summary>The creation options a raster_to_cog job with default parameters gives gdal_translate.</summary>
    public static IReadOnlyList<string> JobCreationOptions()
    {
        var defaults = new RasterToCogParameters();
        return new CogOptions("", "", "", "", defaults.Compression, defaults.OverviewResampling, defaults.Blocksize, null, false)
            .CreationOptions().ToList();
    }

    /// <summary>The one-liner: <c>ls *.tif | xargs -P{cores} -I{} gdal_translate -q -of COG ... {} OUT/{}</c> through <c>sh -c</c>, run in the input folder.</summary>
    public static string OneLiner(string output, int cores) =>
        $"ls *.tif | xargs -P{cores} -I{{}} gdal_translate -q -of COG {string.Join(' ', JobCreationOptions())} {{}} {Quote(output)}/{{}}";

    /// <summary>Runs the one-liner over <paramref name="input"/> into the new folder <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException">It failed, or did not write every COG.</exception>
    public static async Task<RasterBenchRun> OneLinerAsync(string input, string output, int files, int cores, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(output);
        var start = new ProcessStartInfo("sh") { WorkingDirectory = input, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(OneLiner(output, cores));
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        watch.Stop();
        var written = Directory.GetFiles(output, "*.tif").Length;
        if (process.ExitCode != 0 || written != files)
            throw new InvalidOperationException($"The one-liner exited {process.ExitCode} having written {written} of {files} COGs: {(await stderr).Trim()} {(await stdout).Trim()}");
        return new RasterBenchRun(watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// raster_to_cog from <paramref name="input"/> into the new folder <paramref name="output"/>, on a store file of its
    /// own in <paramref name="scratch"/> (deleted afterwards) with one in-process worker at <paramref name="concurrency"/>.
    /// The clock runs from the submission to the job's end; the store's deployment and the worker's start come before.
    /// </summary>
    /// <exception cref="InvalidOperationException">The job did not complete, or an output is missing.</exception>
    public static async Task<RasterBenchRun> JobAsync(string input, string output, int files, int concurrency, string scratch,
        CancellationToken cancellationToken)
    {
        var path = Path.Combine(scratch, $"store-{Guid.NewGuid():N}.db");
        try
        {
            var store = new SqliteStore(new SqliteStoreOptions { Path = path });
            await using var client = new GeoClient(store, CliSession.Registry);
            await client.DeploySchemaAsync(false, cancellationToken);
            using var stop = new CancellationTokenSource();
            var worker = client.CreateWorker(new WorkerOptions { Concurrency = concurrency }).RunAsync(stop.Token);
            JobRecord job;
            double seconds;
            try
            {
                await Task.Delay(100, cancellationToken); // let the worker listen before the job arrives, as the other benchmarks do
                var watch = Stopwatch.StartNew();
                var submission = await client.SubmitAsync("raster_to_cog", new JsonObject { ["source"] = new JsonArray(input), ["destination"] = output }, cancellationToken);
                while (!(job = await client.GetJobAsync(submission.Job.JobId, cancellationToken)).Status.IsTerminal())
                    await Task.Delay(25, cancellationToken);
                seconds = watch.Elapsed.TotalSeconds;
            }
            finally
            {
                await stop.CancelAsync();
                await worker;
            }
            if (job.Status != JobStatus.Completed) throw new InvalidOperationException($"The raster_to_cog job ended {job.Status}: {job.Error}");
            CheckOutputs(output, files);
            double taskSeconds = 0, gdalSeconds = 0;
            foreach (var task in await client.ListTasksAsync(job.JobId, ConvertStage, cancellationToken))
            {
                taskSeconds += task.Result?["seconds"]?.GetValue<double>() ?? 0;
                gdalSeconds += task.Result?["gdal_seconds"]?.GetValue<double>() ?? 0;
            }
            var stage = await new SqliteMetrics(store).StageSecondsAsync(job.JobId, ConvertStage, cancellationToken) ?? double.NaN;
            return new RasterBenchRun(seconds, taskSeconds, gdalSeconds, stage);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
        }
    }

    // What the job writes for every file: its COG and Item; and the Collection over them.
    private static void CheckOutputs(string output, int files)
    {
        var cogs = Directory.GetFiles(output, "*.tif").Length;
        var items = Directory.GetFiles(output, "*.item.json").Length;
        if (cogs != files || items != files || !File.Exists(RasterPaths.Collection(output)))
            throw new InvalidOperationException($"raster_to_cog completed but wrote {cogs} COGs and {items} Items of {files}" +
                $"{(File.Exists(RasterPaths.Collection(output)) ? "" : ", and no collection.json")}.");
    }

    // For sh: as it is when it holds only characters sh leaves alone, else single-quoted.
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''") + "'";
}
