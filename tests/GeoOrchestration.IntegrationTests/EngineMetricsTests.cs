using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// The "GeoOrchestration" meter counts what a worker did: every claimed item once, every committed
/// result once, every failed attempt with its kind. Measurements are told apart by worker id, so
/// workers of other tests running meanwhile do not count.
/// </summary>
public sealed class EngineMetricsTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task Worker_RunningAJob_CountsEachClaimAndEachResultOnce()
    {
        var submission = await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 40, ["label"] = "metrics-ok" });
        var worker = fixture.CreateWorker(concurrency: 4);
        using var recorded = new RecordedMeasurements(worker.WorkerId);

        var job = await RunAsync(worker, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(40, recorded.Sum("geo.tasks.completed"));
        Assert.Equal(42, recorded.Sum("geo.work.claimed")); // 40 tasks, the stage plan and the finalize
        Assert.Equal(42, recorded.Sum("geo.work.claim_batch"));
        Assert.Equal(40, recorded.Sum("geo.tasks.completion_batch"));
        Assert.Equal(recorded.Count("geo.tasks.completion_batch"), recorded.Count("geo.tasks.completion_commit"));
        Assert.Equal(40, recorded.Count("geo.tasks.duration"));
        Assert.All(recorded.Tags("geo.tasks.duration", EngineMetrics.TaskTypeTag), t => Assert.Equal("noop", t));
        Assert.Equal(0, recorded.Sum("geo.tasks.failed"));
    }

    [Fact]
    public async Task Worker_WithFailingFirstAttempts_CountsEachFailureAsTransient()
    {
        var submission = await fixture.Client.SubmitAsync("noop",
            new JsonObject { ["tasks"] = 12, ["transient_failure_rate"] = 1.0, ["label"] = "metrics-failing" });
        var worker = fixture.CreateWorker(concurrency: 4);
        using var recorded = new RecordedMeasurements(worker.WorkerId);

        var job = await RunAsync(worker, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(12, recorded.Sum("geo.tasks.failed"));
        Assert.All(recorded.Tags("geo.tasks.failed", EngineMetrics.FailureTag), t => Assert.Equal("transient", t));
        Assert.Equal(12, recorded.Sum("geo.tasks.completed"));
        Assert.Equal(24, recorded.Count("geo.tasks.duration"));
    }

    private async Task<JobRecord> RunAsync(Worker worker, string jobId)
    {
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        try
        {
            return await fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stop.CancelAsync();
            await run; // the last completion batch is committed (and counted) before RunAsync returns
        }
    }

    /// <summary>Every measurement of the GeoOrchestration meter that one worker recorded.</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

        public RecordedMeasurements(string workerId)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(workerId, i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(workerId, i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(workerId, i, v, tags));
            _listener.Start();
        }

        private void Add(string workerId, Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = new Dictionary<string, object?>();
            foreach (var tag in tags) all[tag.Key] = tag.Value;
            if (Equals(all.GetValueOrDefault(EngineMetrics.WorkerTag), workerId)) _measurements.Enqueue((instrument.Name, value, all));
        }

        public double Sum(string instrument) => _measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

        public int Count(string instrument) => _measurements.Count(m => m.Instrument == instrument);

        public IEnumerable<object?> Tags(string instrument, string tag) =>
            _measurements.Where(m => m.Instrument == instrument).Select(m => m.Tags.GetValueOrDefault(tag));

        public void Dispose() => _listener.Dispose();
    }
}
