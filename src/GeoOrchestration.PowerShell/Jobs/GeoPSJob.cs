using System.Collections;
using System.ComponentModel;
using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Jobs;

namespace GeoOrchestration.PowerShell;

/// <summary>
/// A GeoJob as a PowerShell job (in the namespace of the module's other output objects, the name scripts and views see) (<c>PSJobTypeName</c> <c>GeoOrchestrationJob</c>): what <c>Submit-GeoJob -AsJob</c>
/// returns and <c>Get-Job</c> lists, so <c>Wait-Job</c>, <c>Receive-Job</c>, <c>Stop-Job</c> and <c>Remove-Job</c> work on it.
/// Its name is the job's short id, its command the job type and parameters, its location the store. Its state is the
/// store's status (<see cref="PSJobStates"/>), read when a job cmdlet looks the job up and, while something waits on
/// it (<c>Wait-Job</c>, <c>Receive-Job -Wait</c>, an event subscription), every half second (<see cref="SessionJobs"/>);
/// nothing reads the store for it otherwise. When it ends, its output is the job's result (the objects of
/// <c>Get-GeoJob</c>'s <c>Result</c>, an array item by item), kept until <c>Receive-Job</c> without <c>-Keep</c> takes it.
/// A job that has ended stays as it ended here (a <c>Restart-GeoJob</c> shows in <c>Get-GeoJob</c>, not in this object).
/// </summary>
public sealed class GeoPSJob : Job2
{
    /// <summary>The <c>PSJobTypeName</c> of every GeoJob's PowerShell job.</summary>
    public const string TypeName = "GeoOrchestrationJob";

    /// <summary>The reason <c>Stop-Job</c> records as the cancelled job's error.</summary>
    public const string StopReason = "stopped by Stop-Job";

    private readonly object _gate = new();
    private readonly GeoConnectionInfo _connection;
    private volatile JobRecord _job;
    private volatile bool _gone;

    internal GeoPSJob(GeoConnectionInfo connection, JobRecord job)
        : base(PSJobIdentity.CommandOf(job), PSJobIdentity.NameOf(job.JobId), PSJobIdentity.InstanceIdOf(job.JobId))
    {
        _connection = connection;
        _job = job;
        PSJobTypeName = TypeName;
        PSBeginTime = LocalTime.Of(job.Created);
        StateReadAt = DateTime.Now;
        Apply(job);
    }

    /// <summary>The GeoJob's full id (64 hexadecimal characters): pipe the job to <c>Get-GeoJob</c>, <c>Get-GeoTask</c> and the like by it.</summary>
    public string JobId => _job.JobId;

    /// <summary>The GeoJob's type.</summary>
    public string JobType => _job.JobType;

    /// <summary>The GeoJob's status as last read from the store (<c>queued</c>, <c>processing</c>, ... <c>cancelled</c>).</summary>
    public string Status => StatusNames.ToName(_job.Status);

    /// <summary>When the state was last read from the store (local time).</summary>
    public DateTime StateReadAt { get; private set; }

    /// <summary>The store, as <c>Get-GeoConnection</c> names it.</summary>
    public override string Location => _connection.ToString();

    public override string StatusMessage => _gone ? $"removed from the store: {PSJobStates.MessageOf(_job)}" : PSJobStates.MessageOf(_job);

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0;

    /// <summary>The store the job is in (its session's connection when it was first seen).</summary>
    internal GeoConnectionInfo Connection => _connection;

    /// <summary>Whether the job has not ended as far as this object knows.</summary>
    internal bool IsLive => !PSJobStates.IsFinished(JobStateInfo.State);

    /// <summary>Reads the job from the store and takes on its state; a job removed from the store meanwhile ends as Failed, saying so.</summary>
    internal void Refresh()
    {
        if (!IsLive) return;
        try
        {
            Apply(Await(token => Client.GetJobAsync(JobId, token)));
        }
        catch (GeoNotFoundException)
        {
            Gone();
        }
    }

    /// <summary>Takes on a job's state as the store holds it: output and warning first, since ending closes the streams.</summary>
    internal void Apply(JobRecord job)
    {
        lock (_gate)
        {
            StateReadAt = DateTime.Now;
            if (!IsLive) return;
            _job = job;
            var state = PSJobStates.Of(job.Status);
            if (state == JobStateInfo.State) return;
            if (PSJobStates.IsFinished(state))
            {
                foreach (var item in ResultItems(job)) Output.Add(PSObject.AsPSObject(item));
                if (PSJobStates.WarningOf(job) is { } warning) Warning.Add(new WarningRecord(warning));
                PSEndTime = LocalTime.Of(job.Completed) ?? DateTime.Now;
            }
            // Raised under the lock so that two readers cannot deliver a job's states out of order; the
            // handlers PowerShell's cmdlets add take no lock of ours.
            JobStateSetter.Set(this, state, PSJobStates.ReasonOf(job));
        }
    }

    /// <summary>The store no longer has the job (removed by another session): it ends here as Failed, saying so.</summary>
    private void Gone()
    {
        lock (_gate)
        {
            _gone = true;
            if (!IsLive) return;
            PSEndTime = DateTime.Now;
            JobStateSetter.Set(this, JobState.Failed, new PSInvalidOperationException($"Job {Name} is no longer in the store ({Location}): it was removed."));
        }
    }

    /// <summary>The result as <c>Get-GeoJob</c> shows it, an array item by item as a pipeline would send it.</summary>
    private static IEnumerable<object> ResultItems(JobRecord job) => JsonValues.ToValue(job.Result) switch
    {
        null => [],
        string text => [text],
        IDictionary dictionary => [dictionary],
        IEnumerable items => items.Cast<object?>().Where(i => i is not null).Cast<object>(),
        var one => [one],
    };

    /// <summary>Cancels the GeoJob (reason "stopped by Stop-Job"), then takes on the state the store gives it.</summary>
    public override void StopJob() => StopJob(false, null);

    /// <summary>Cancels the GeoJob with <paramref name="reason"/> (default "stopped by Stop-Job"); one that has ended is left as it is.</summary>
    public override void StopJob(bool force, string? reason)
    {
        if (!IsLive) return;
        try
        {
            try
            {
                Apply(Await(async token => (await Client.CancelJobAsync(JobId, string.IsNullOrEmpty(reason) ? StopReason : reason, token)).Job!));
            }
            catch (GeoConflictException)
            {
                // It ended meanwhile (a worker finished it): it is shown as it ended.
                Refresh();
            }
        }
        catch (GeoNotFoundException)
        {
            Gone();
        }
        catch (GeoException e)
        {
            // Stop-Job writes it as its StopJobError, with the public type a script catches by name.
            throw PublicErrors.From(e);
        }
    }

    public override void StopJobAsync() => StopJobAsync(false, null);

    public override void StopJobAsync(bool force, string? reason) => Task.Run(() =>
    {
        Exception? error = null;
        try
        {
            StopJob(force, reason);
        }
        catch (Exception e)
        {
            error = e;
        }
        OnStopJobCompleted(new AsyncCompletedEventArgs(error, false, null));
    });

    /// <summary>A GeoJob starts when it is submitted: there is nothing to start.</summary>
    public override void StartJob() => throw NotSupported("started (it starts when submitted)");

    public override void StartJobAsync() => throw NotSupported("started (it starts when submitted)");

    public override void SuspendJob() => throw NotSupported("suspended");

    public override void SuspendJobAsync() => throw NotSupported("suspended");

    public override void SuspendJob(bool force, string reason) => throw NotSupported("suspended");

    public override void SuspendJobAsync(bool force, string reason) => throw NotSupported("suspended");

    public override void ResumeJob() => throw NotSupported("resumed");

    public override void ResumeJobAsync() => throw NotSupported("resumed");

    public override void UnblockJob() => throw NotSupported("unblocked");

    public override void UnblockJobAsync() => throw NotSupported("unblocked");

    private NotSupportedException NotSupported(string what) =>
        new($"Job {Name} is a GeoJob: it cannot be {what}. Stop-Job cancels it; Restart-GeoJob runs what failed again.");

    private GeoClient Client => ConnectionCache.ClientFor(_connection);

    /// <summary>Runs a store call to its end from a job cmdlet's thread or a timer's (no synchronization context to come back to).</summary>
    internal static T Await<T>(Func<CancellationToken, Task<T>> call) =>
        Task.Run(() => call(CancellationToken.None)).GetAwaiter().GetResult();
}
