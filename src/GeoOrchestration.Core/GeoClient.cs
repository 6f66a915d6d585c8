using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Logging;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration;

/// <summary>
/// The one façade every front end calls: the PowerShell cmdlets and the <c>geoorch</c> executable
/// bind arguments, call a method here, and format what it returns. All behaviour lives below it.
/// </summary>
public sealed partial class GeoClient : IAsyncDisposable
{
    /// <summary>Largest page of jobs a list returns.</summary>
    public const int MaxListLimit = 1000;

    private readonly ILoggerFactory _loggers;
    private readonly EngineSteps _steps;

    /// <summary>A client over a store, with the job types it knows.</summary>
    /// <param name="store">The store; the client disposes it when disposed.</param>
    /// <param name="registry">The registered job types and handlers.</param>
    /// <param name="time">The clock for waits and timeouts; default the system clock.</param>
    /// <param name="loggers">Where engine log lines go; default nowhere.</param>
    /// <param name="transport">
    /// How work reaches this client's workers (<see cref="CreateWorker"/>, and the in-process worker of
    /// <see cref="RunAsync(PreparedSubmission, RunOptions, CancellationToken)"/>); default (null) each
    /// claims straight from the store (<see cref="DatabaseTransport"/>). The client disposes it when
    /// disposed, before the store.
    /// </param>
    public GeoClient(IGeoStore store, JobRegistry registry, TimeProvider? time = null, ILoggerFactory? loggers = null,
        IWorkTransport? transport = null)
    {
        Store = store;
        Transport = transport;
        _steps = new EngineSteps(store);
        Registry = registry;
        Time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    /// <summary>
    /// A client whose engine log lines (at <paramref name="minimumLevel"/> and above, default
    /// Information) go to <paramref name="log"/>, for front ends that take no logging library
    /// (the PowerShell module). The callback runs on the engine's threads and must not block.
    /// </summary>
    /// <param name="transport">How work reaches this client's workers; see the other constructor.</param>
    public GeoClient(IGeoStore store, JobRegistry registry, Action<GeoLogLine> log,
        GeoLogLevel minimumLevel = GeoLogLevel.Information, TimeProvider? time = null, IWorkTransport? transport = null)
        : this(store, registry, time, new CallbackLoggerFactory(log, minimumLevel), transport) { }

    // The façade's own parts: front ends reach the store, registry and clock only through its methods.
    internal IGeoStore Store { get; }
    internal JobRegistry Registry { get; }
    internal TimeProvider Time { get; }
    /// <summary>The transport this client's workers take; null for the database transport over <see cref="Store"/>.</summary>
    internal IWorkTransport? Transport { get; }

    /// <summary>
    /// Brings the store's schema up to this build's version: idempotent, serialised between deployers,
    /// refusing history that differs from the shipped migrations.
    /// </summary>
    /// <param name="dryRun">Report what would run, changing nothing (default false).</param>
    /// <param name="cancellationToken">Stops the deploy; a migration is applied whole or not at all.</param>
    /// <returns>Each migration and whether it is applied.</returns>
    /// <exception cref="GeoConfigurationException">The recorded history differs from this build's (<see cref="GeoConfigurationException.SchemaHistoryMismatchId"/>), or the login lacks a privilege.</exception>
    public Task<SchemaDeployResult> DeploySchemaAsync(bool dryRun = false, CancellationToken cancellationToken = default) =>
        Store.SchemaDeployAsync(new SchemaDeployParams(dryRun), cancellationToken);

    /// <summary>
    /// Refuses a schema this version cannot work with (not deployed, out of date, drifted) with a
    /// <see cref="GeoConfigurationException"/>; changes nothing. Workers check at start.
    /// </summary>
    public Task CheckSchemaAsync(CancellationToken cancellationToken = default) => Store.SchemaCheckAsync(cancellationToken);

    /// <summary>
    /// Validates and submits a job. The same job type and parameters (and run key) are the same
    /// request, and submitting it again returns its latest run: <see cref="SubmitResult.Created"/>
    /// tells whether this call created it. <see cref="SubmitOptions.Force"/> starts a new run instead
    /// (see <see cref="SubmitRunAsync"/>).
    /// </summary>
    /// <param name="jobType">The registered job type's name.</param>
    /// <param name="parameters">The job's parameters; null for none (defaults apply).</param>
    /// <param name="cancellationToken">Stops the submission; nothing is written unless it committed.</param>
    /// <returns>The job (created, or the request's latest run) and whether this call created it.</returns>
    /// <exception cref="GeoValidationException">Every broken rule at once: unknown job type, parameters against the schema or the job type's own checks, options out of range; nothing is written.</exception>
    /// <exception cref="GeoConflictException">A forced run while the request's latest run is still queued or processing (or another forced submission made the run first).</exception>
    /// <exception cref="GeoConfigurationException">The store's schema is not deployed (or the embedded file does not exist and may not be created).</exception>
    public Task<SubmitResult> SubmitAsync(string jobType, JsonObject? parameters, CancellationToken cancellationToken = default) =>
        SubmitAsync(jobType, parameters, SubmitOptions.Default, cancellationToken);

    /// <inheritdoc cref="SubmitAsync(string, JsonObject?, CancellationToken)"/>
    /// <param name="options">Timeouts, run key and force (default <see cref="SubmitOptions.Default"/>).</param>
    /// <returns>The submission: the job, and whether this call created it.</returns>
    public Task<SubmitResult> SubmitAsync(string jobType, JsonObject? parameters, SubmitOptions options,
        CancellationToken cancellationToken = default) =>
        SubmitAsync(PrepareSubmission(jobType, parameters, options), cancellationToken);

    /// <summary>
    /// Submits from text, as a command line gives it: a JSON object and/or <c>KEY=VALUE</c> pairs
    /// typed by the job type's schema. A key may not be given both ways.
    /// </summary>
    /// <param name="jobType">The registered job type's name.</param>
    /// <param name="parametersJson">A JSON object of parameters; null or blank for none.</param>
    /// <param name="pairs"><c>KEY=VALUE</c> pairs; null for none.</param>
    /// <param name="cancellationToken">Stops the submission.</param>
    /// <returns>The job and whether this call created it.</returns>
    /// <exception cref="GeoValidationException">The text does not parse, a key is given twice, or the parameters break a rule; nothing is written.</exception>
    public Task<SubmitResult> SubmitAsync(string jobType, string? parametersJson, IEnumerable<string>? pairs,
        CancellationToken cancellationToken = default) =>
        SubmitAsync(jobType, ParseParameters(jobType, parametersJson, pairs), SubmitOptions.Default, cancellationToken);

    /// <summary>Validates without writing anything; returns the job id the submission would have.</summary>
    /// <param name="jobType">The registered job type's name.</param>
    /// <param name="parameters">The job's parameters; null for none.</param>
    /// <returns>The request id (run 1's job id): 64 lowercase hexadecimal characters.</returns>
    /// <exception cref="GeoValidationException">The job type is unknown or the parameters break a rule.</exception>
    public string ComputeJobId(string jobType, JsonObject? parameters) => ComputeJobId(jobType, parameters, SubmitOptions.Default);

    /// <summary>Validates parameters and options without writing anything; returns the job id the submission would have (its run key included).</summary>
    /// <param name="jobType">The registered job type's name.</param>
    /// <param name="parameters">The job's parameters; null for none.</param>
    /// <param name="options">The submission's options (only the run key enters the id).</param>
    /// <returns>The request id: 64 lowercase hexadecimal characters.</returns>
    /// <exception cref="GeoValidationException">The job type is unknown, or the parameters or options break a rule.</exception>
    public string ComputeJobId(string jobType, JsonObject? parameters, SubmitOptions options) =>
        PrepareSubmission(jobType, parameters, options).JobId;

    /// <summary>
    /// Reads parameters from text, as a command line gives them: a JSON object and/or <c>KEY=VALUE</c>
    /// pairs typed by the job type's schema. Nothing is validated beyond what parsing needs.
    /// </summary>
    /// <param name="jobType">The job type whose schema types the pairs.</param>
    /// <param name="parametersJson">A JSON object of parameters; null or blank for none.</param>
    /// <param name="pairs"><c>KEY=VALUE</c> pairs; null for none.</param>
    /// <returns>The parameters as one JSON object.</returns>
    /// <exception cref="GeoValidationException">Unknown job type, malformed JSON, a key given twice (in the JSON, among the pairs, or both ways), unstorable text, or a value not of its parameter's type.</exception>
    public JsonObject ParseParameters(string jobType, string? parametersJson, IEnumerable<string>? pairs)
    {
        var definition = Registry.GetJob(jobType);
        var result = new JsonObject();
        if (!string.IsNullOrWhiteSpace(parametersJson))
        {
            // Duplicate keys are refused while parsing; the storable check comes before the pairs are
            // merged in, which reads the names (an escaped lone surrogate cannot be decoded).
            result = ParametersJson.Parse(parametersJson);
            StorableParameters.Require(result);
        }
        if (pairs is not null)
        {
            foreach (var (key, value) in ParameterText.Parse(definition.Schema, pairs).ToList())
            {
                if (result.ContainsKey(key))
                    throw new GeoValidationException(key, "duplicate", $"Parameter '{key}' is given both in the JSON parameters and as KEY=VALUE.");
                result[key] = value?.DeepClone();
            }
        }
        return result;
    }

    /// <summary>
    /// The full id of the job a user means: a whole job id, or at least
    /// <see cref="JobIdentity.MinJobIdPrefixLength"/> of its leading characters (as <c>job list</c>
    /// shows them), in either case. Every method here that takes a job id accepts the same.
    /// </summary>
    /// <exception cref="GeoValidationException">Not hexadecimal, shorter than 8 characters, or a prefix of more than one job (rule <c>ambiguous</c>, naming some).</exception>
    /// <exception cref="GeoNotFoundException">No job has that id or prefix.</exception>
    /// <param name="jobId">What the user typed.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    /// <returns>The whole job id.</returns>
    public Task<string> ResolveJobIdAsync(string jobId, CancellationToken cancellationToken = default) =>
        JobIdPrefix.ResolveAsync(Store, jobId, cancellationToken);

    /// <summary>One job, by id or unique id prefix (see <see cref="ResolveJobIdAsync"/>).</summary>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The job as the store holds it now.</returns>
    /// <exception cref="GeoValidationException">The id is malformed or an ambiguous prefix.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    public async Task<JobRecord> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var id = await ResolveJobIdAsync(jobId, cancellationToken);
        return await _steps.JobGetAsync(id, cancellationToken) ?? throw new GeoNotFoundException("Job", jobId);
    }

    /// <summary>A page of jobs, newest first (see <see cref="IGeoStore.JobListAsync"/>).</summary>
    /// <param name="parameters">The filters, cursor and page size.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="GeoValidationException">The limit is not 1 to <see cref="MaxListLimit"/>, or the job type filter holds unstorable text.</exception>
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobListParams parameters, CancellationToken cancellationToken = default)
    {
        if (parameters.Limit is < 1 or > MaxListLimit)
            throw new GeoValidationException("limit", "range", $"'limit' must be between 1 and {MaxListLimit}; got {parameters.Limit}.");
        StorableText.Require("job_type", parameters.JobType);
        return Store.JobListAsync(parameters, cancellationToken);
    }

    /// <summary>
    /// Every task of a job (or of one stage), in stage and plan order, all of them in one list: for
    /// small jobs and tests. A listing of a large job reads them as they come instead
    /// (<see cref="EnumerateTasksAsync(TaskQuery, CancellationToken)"/>), in constant memory.
    /// </summary>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="stage">Only this stage's tasks (1-based); null for all.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The tasks in stage and plan order.</returns>
    /// <exception cref="GeoValidationException">The stage is outside the job's, or the id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    public async Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string jobId, int? stage = null, CancellationToken cancellationToken = default)
    {
        var tasks = new List<TaskRecord>();
        await foreach (var task in EnumerateTasksAsync(jobId, stage, cancellationToken)) tasks.Add(task);
        return tasks;
    }

    /// <summary>Waits until the job is terminal; throws <see cref="GeoTimeoutException"/> after <paramref name="timeout"/>.</summary>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="timeout">How long to wait at most; null (the default) waits until it ends. Polls every 20 ms at first, backing off to 500 ms.</param>
    /// <param name="cancellationToken">Stops the wait (the job goes on).</param>
    /// <returns>The job as it ended.</returns>
    /// <exception cref="GeoTimeoutException">The timeout passed first; the job goes on.</exception>
    /// <exception cref="GeoValidationException">The timeout is negative, or the id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    /// <exception cref="GeoStoreUnavailableException">The store stayed unavailable for 5 minutes on end (a shorter outage is polled through).</exception>
    public async Task<JobRecord> WaitForJobAsync(string jobId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (timeout is { } t && t < TimeSpan.Zero)
            throw new GeoValidationException("timeout", "minimum", $"'timeout' must not be negative; got {DurationText.Format(t)}.");
        var started = Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(20);
        jobId = await ResolveJobIdAsync(jobId, cancellationToken);
        // A store outage (a restart, a failover) is polled through, as workers ride it out.
        var outage = new StoreOutageTolerance(Time);
        JobRecord? job = null;
        while (true)
        {
            var (read, now) = await outage.ReadAsync(() => GetJobAsync(jobId, cancellationToken));
            if (read) job = now;
            if (read && job!.Status.IsTerminal()) return job;
            if (timeout is { } limit && Time.GetElapsedTime(started) >= limit)
                throw new GeoTimeoutException(job is null ? $"Job {jobId} could not be read (store unavailable) within {DurationText.Format(limit)}."
                    : $"Job {jobId} is still {StatusNames.ToName(job.Status)} (stage {job.Stage} of {job.TotalStages}) after {DurationText.Format(limit)}.");
            // The last look comes at the timeout, not up to one poll after it.
            var left = timeout is { } l ? l - Time.GetElapsedTime(started) : delay;
            await Task.Delay(left < TimeSpan.Zero ? TimeSpan.Zero : left < delay ? left : delay, Time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 1.5));
        }
    }

    /// <summary>
    /// Cancels a queued or processing job: its queued tasks are cancelled at once, running handlers
    /// see their cancellation token fire at their next heartbeat. Cancelling an ended job is refused
    /// with a <see cref="GeoConflictException"/>.
    /// </summary>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="reason">Recorded as the job's error (at most 1,000 characters); default "Cancelled on request.".</param>
    /// <param name="cancellationToken">Stops the call; the cancel is applied whole or not at all.</param>
    /// <returns>The job afterwards and, in <see cref="JobChangeOutcome.TasksAffected"/>, the tasks cancelled.</returns>
    /// <exception cref="GeoConflictException">The job has ended.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    /// <exception cref="GeoValidationException">The reason is too long or unstorable, or the id is malformed or ambiguous.</exception>
    public async Task<JobChangeOutcome> CancelJobAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (reason is { Length: > 1000 })
            throw new GeoValidationException("reason", "max_length", $"'reason' must be at most 1000 characters; got {reason.Length}.");
        StorableText.Require("reason", reason);
        var id = await ResolveJobIdAsync(jobId, cancellationToken);
        var outcome = await _steps.JobCancelAsync(id, reason ?? "Cancelled on request.", cancellationToken);
        return Require(outcome, id, "cancelled", "it is queued or processing");
    }

    /// <summary>
    /// Retries a job that ended failed, cancelled or completed_with_errors (see
    /// <see cref="EngineSteps.JobRetryAsync(JobRetryParams, CancellationToken)"/>): what failed or was
    /// cancelled runs again with fresh attempts, what completed keeps its result, and the job returns to
    /// processing. Any other status is refused with a <see cref="GeoConflictException"/>.
    /// </summary>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="cancellationToken">Stops the call; the retry is applied whole or not at all.</param>
    /// <returns>The job afterwards; <see cref="JobChangeOutcome.TasksAffected"/> the tasks queued again, and for a completed_with_errors job the stage re-opened and the tasks removed.</returns>
    /// <exception cref="GeoConflictException">The job is live or completed.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    public Task<JobChangeOutcome> RetryJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        RetryJobAsync(jobId, RetryOptions.Default, cancellationToken);

    /// <inheritdoc cref="RetryJobAsync(string, CancellationToken)"/>
    /// <param name="options">Timeouts that replace the job's own; checked before anything is read.</param>
    /// <exception cref="GeoValidationException">A timeout is out of range, or the job id is malformed or ambiguous.</exception>
    public async Task<JobChangeOutcome> RetryJobAsync(string jobId, RetryOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var id = await ResolveJobIdAsync(jobId, cancellationToken);
        var outcome = await _steps.JobRetryAsync(new JobRetryParams(id, options.TaskTimeout, options.JobTimeout), cancellationToken);
        return Require(outcome, id, "retried", "it has failed, was cancelled or completed with errors");
    }

    private static JobChangeOutcome Require(JobChangeOutcome outcome, string jobId, string verb, string condition) => outcome.Status switch
    {
        JobChangeStatus.Changed => outcome,
        JobChangeStatus.NotFound => throw new GeoNotFoundException("Job", jobId),
        _ => throw new GeoConflictException(GeoConflictException.JobStatusId,
            $"Job {jobId} is {StatusNames.ToName(outcome.Job!.Status)}; it can be {verb} only while {condition}.", jobId),
    };

    /// <summary>A worker on this client's store, with its job types, clock, logger and transport; start it with <see cref="Worker.RunAsync(CancellationToken)"/>.</summary>
    /// <param name="options">How it runs (see <see cref="WorkerOptions"/> for defaults).</param>
    /// <returns>The worker, not started.</returns>
    /// <exception cref="GeoValidationException">An option is out of range.</exception>
    public Worker CreateWorker(WorkerOptions options) =>
        new(Registry, Store, options, Time, _loggers.CreateLogger("GeoOrchestration.Worker"), transport: Transport);

    /// <summary>The submission returned a job that had ended before: running it means retrying it, which a run does not do.</summary>
    private static bool HadEnded(SubmitResult submission) => !submission.Created && submission.Job.Status.IsTerminal();

    /// <summary>Disposes the transport, then the store, unless this client shares another client's (<see cref="WithRegistry"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_ownsStore) return;
        // The transport first: a message transport's relay may still write its marks to the store.
        if (Transport is not null) await Transport.DisposeAsync();
        await Store.DisposeAsync();
    }
}
