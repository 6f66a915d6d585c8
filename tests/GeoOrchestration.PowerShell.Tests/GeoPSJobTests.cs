extern alias PublicErrors;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Jobs;
using Public = PublicErrors::GeoOrchestration.Errors;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>A GeoJob as a PowerShell job: its names, and its state and output as the store's job changes (no store needed).</summary>
public sealed class GeoPSJobTests
{
    private const string JobId = "3f2a9c01d0b7e6a5c4b3a29180f7e6d5c4b3a2918f0e1d2c3b4a59687f6e5d4c";
    private static readonly GeoConnectionInfo Store = ConnectionCache.FromText("sqlite:/tmp/psjobs-unit.db", null, () => "/tmp");

    private static JobRecord Job(JobStatus status, JsonNode? result = null, string? error = null) => new()
    {
        JobId = JobId,
        JobType = "hello_world",
        Parameters = new JsonObject { ["count"] = 3 },
        Status = status,
        Stage = 2,
        TotalStages = 3,
        Result = result,
        Error = error,
        Created = DateTimeOffset.UtcNow.AddMinutes(-1),
        Updated = DateTimeOffset.UtcNow,
        Completed = status.IsTerminal() ? DateTimeOffset.UtcNow : null,
    };

    [Fact]
    public void Names_SayWhatTheJobIs_AndTheInstanceIdIsTheJobIdsFirst128Bits()
    {
        var job = new GeoPSJob(Store, Job(JobStatus.Queued));

        Assert.Equal("3f2a9c01d0b7e6a5", job.Name);
        Assert.Equal("hello_world {\"count\":3}", job.Command);
        Assert.Equal("SQLite /tmp/psjobs-unit.db", job.Location);
        Assert.Equal(GeoPSJob.TypeName, job.PSJobTypeName);
        Assert.Equal(JobId[..32], job.InstanceId.ToString("N"));
        Assert.Equal(JobId, job.JobId);
    }

    [Theory]
    [InlineData(JobStatus.Queued, JobState.NotStarted)]
    [InlineData(JobStatus.Processing, JobState.Running)]
    [InlineData(JobStatus.Completed, JobState.Completed)]
    [InlineData(JobStatus.CompletedWithErrors, JobState.Completed)]
    [InlineData(JobStatus.Failed, JobState.Failed)]
    [InlineData(JobStatus.Cancelled, JobState.Stopped)]
    public void State_FollowsTheStatus(JobStatus status, JobState expected)
    {
        var job = new GeoPSJob(Store, Job(JobStatus.Queued));

        job.Apply(Job(status, error: status.IsTerminal() ? "why" : null));

        Assert.Equal(expected, job.JobStateInfo.State);
    }

    [Fact]
    public void Completed_OutputsTheResult_BeforeTheStateChangeIsRaised()
    {
        var job = new GeoPSJob(Store, Job(JobStatus.Processing));
        int? outputAtChange = null;
        job.StateChanged += (_, _) => outputAtChange = job.Output.Count;

        job.Apply(Job(JobStatus.Completed, new JsonObject { ["greetings"] = 3 }));

        Assert.Equal(1, outputAtChange);
        Assert.Equal(3L, Convert.ToInt64(((OrderedDictionary)job.Output[0].BaseObject)["greetings"]));
        Assert.True(job.HasMoreData);
        Assert.Null(job.JobStateInfo.Reason);
    }

    [Fact]
    public void AnArrayResult_IsOutputItemByItem()
    {
        var job = new GeoPSJob(Store, Job(JobStatus.Processing));

        job.Apply(Job(JobStatus.Completed, new JsonArray(1, 2, 3)));

        Assert.Equal(3, job.Output.Count);
    }

    [Fact]
    public void Failed_CarriesTheJobsErrorAsAPublicPermanentException()
    {
        var job = new GeoPSJob(Store, Job(JobStatus.Processing));

        job.Apply(Job(JobStatus.Failed, error: "Task 1 timed out."));

        var reason = Assert.IsType<Public.GeoPermanentException>(job.JobStateInfo.Reason);
        Assert.Equal("JobFailed", reason.ErrorId);
        Assert.Equal("Job 3f2a9c01d0b7e6a5 (hello_world) failed: Task 1 timed out.", reason.Message);
        Assert.Empty(job.Error);
    }

    [Fact]
    public void CompletedWithErrors_AndCancelled_LeaveAWarning()
    {
        var partly = new GeoPSJob(Store, Job(JobStatus.Processing));
        var cancelled = new GeoPSJob(Store, Job(JobStatus.Processing));

        partly.Apply(Job(JobStatus.CompletedWithErrors, error: "2 of 7 tasks failed."));
        cancelled.Apply(Job(JobStatus.Cancelled, error: GeoPSJob.StopReason));

        Assert.Equal("Job 3f2a9c01d0b7e6a5 (hello_world) completed with errors: 2 of 7 tasks failed.", Assert.Single(partly.Warning).Message);
        Assert.Equal("Job 3f2a9c01d0b7e6a5 (hello_world) was cancelled: stopped by Stop-Job", Assert.Single(cancelled.Warning).Message);
        Assert.IsType<Public.GeoCancelledException>(cancelled.JobStateInfo.Reason);
    }

    [Fact]
    public void AnEndedJob_StaysAsItEnded_AndRaisesNoMoreChanges()
    {
        var job = new GeoPSJob(Store, Job(JobStatus.Completed, new JsonObject { ["greetings"] = 3 }));
        var changes = 0;
        job.StateChanged += (_, _) => changes++;

        job.Apply(Job(JobStatus.Processing));

        Assert.Equal(JobState.Completed, job.JobStateInfo.State);
        Assert.Equal(0, changes);
        Assert.Single(job.Output);
    }

    [Theory]
    [InlineData("3f2a9c01", true)]
    [InlineData(JobId, true)]
    [InlineData("3f2a9c0", false)]
    [InlineData("Job1", false)]
    [InlineData("3f2a9c01*", false)]
    public void OnlyHexadecimalNamesOf8To64Characters_AreLookedUpInTheStore(string name, bool lookedUp) =>
        Assert.Equal(lookedUp, PSJobIdentity.CouldBeJobId(name));
}
