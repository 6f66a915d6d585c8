using System.Management.Automation;
using System.Reflection;
using GeoOrchestration.Engine;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Jobs;
using GeoOrchestration.PowerShell.Loading;
using GeoOrchestration.Logging;
using GeoOrchestration.Registry;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Runs a worker in this process until stopped: it claims and runs work, logging one timestamped
/// line per event to the information stream as the host shows it (<see cref="WorkerLogWriter"/>;
/// the same lines as <c>geoorch worker</c>). Ctrl+C, and SIGTERM sent to the process (what
/// <c>docker stop</c> does), stop it gracefully: running handlers get the shutdown grace period,
/// the rest are handed back; after SIGTERM the process exits with code 0.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "GeoWorker")]
[OutputType(typeof(void))]
public sealed class StartGeoWorkerCommand : GeoCmdlet
{
    /// <summary>Work items run at once. Default <c>$env:GEO_CONCURRENCY</c>, else 4.</summary>
    [Parameter]
    [ValidateRange(WorkerDefaults.MinConcurrency, WorkerDefaults.MaxConcurrency)]
    public int Concurrency { get; set; } = WorkerDefaults.Concurrency;

    /// <summary>Plug-in assemblies (paths) whose job types and handlers this worker runs besides the built-in ones.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Assembly { get; set; }

    /// <summary>
    /// Exit after this many seconds with nothing to do, counting work leased by other workers as work
    /// that may come back (a killed worker's tasks are waited for and run). Default: run until stopped.
    /// </summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double? ExitWhenIdle { get; set; }

    /// <summary>Seconds running handlers may take to finish when the worker is stopped, before their tasks are handed back. Default <c>$env:GEO_SHUTDOWN_GRACE</c>, else 30.</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double ShutdownGrace { get; set; } = WorkerDefaults.ShutdownGraceSeconds;

    /// <summary>
    /// The file the worker writes its heartbeat to every few seconds, for <c>Test-GeoWorkerHealth</c> and <c>geoorch health</c>
    /// (the folder is created; a path that cannot be written stops the worker before it starts). Default <c>$env:GEO_HEALTH_FILE</c>, else none.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthFile { get; set; }

    /// <summary>
    /// How long to wait at startup for a store that is not ready yet (PostgreSQL starting, a SQLite file locked by a backup,
    /// a schema deploy under way), retrying with backoff from 1 s up to 30 s: a TimeSpan, '30s', '5m', a number of seconds;
    /// 0 tries once. Default $env:GEO_STARTUP_TIMEOUT, else 5 minutes; at most 1 day. When it runs out, the last error, with the attempts made.
    /// </summary>
    [Parameter]
    [RetentionPeriodTransformation(false)]
    public TimeSpan? StartupTimeout { get; set; }

    /// <summary>
    /// The worker's id, the lease owner it records (default: $env:GEO_WORKER_ID, else host:pid:random). One live process per id: a worker started
    /// with the id of a registered one that is not Lost is refused (a GeoConflict error naming the holder).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkerId { get; set; }

    // GEO_CONCURRENCY, GEO_SHUTDOWN_GRACE, GEO_TRANSPORT, GEO_HEALTH_FILE, GEO_WORKER_ID, GEO_STARTUP_TIMEOUT, read once (Hosting's WorkerEnvironment, as geoorch worker reads them).
    private Hosting.WorkerEnvironment? _environment;
    private Hosting.WorkerEnvironment WorkerVariables => _environment ??= Hosting.WorkerEnvironment.Read(overridden: Overridden());

    /// <summary>The variables whose parameters were given (they win, and are neither read nor checked); GEO_TRANSPORT under a session's Service Bus.</summary>
    private IEnumerable<string> Overridden()
    {
        if (Given(nameof(Concurrency))) yield return Hosting.WorkerEnvironment.ConcurrencyVariable;
        if (Given(nameof(ShutdownGrace))) yield return Hosting.WorkerEnvironment.ShutdownGraceVariable;
        if (Given(nameof(HealthFile))) yield return Hosting.WorkerEnvironment.HealthFileVariable;
        if (Given(nameof(WorkerId))) yield return Hosting.WorkerEnvironment.WorkerIdVariable;
        if (Given(nameof(StartupTimeout))) yield return Hosting.WorkerEnvironment.StartupTimeoutVariable;
        if (ResolvedConnection.TransportSettings is { IsServiceBus: true }) yield return Hosting.WorkerEnvironment.TransportVariable;
    }

    /// <summary>Without a session's Service Bus, <c>GEO_TRANSPORT</c> chooses (<c>database</c> keeps the database transport whatever <c>GEO_SERVICEBUS</c> says).</summary>
    private protected override Hosting.TransportSettings ResolveTransport(Hosting.TransportSettings? session) =>
        WorkerVariables.ResolveTransport(null, null, null, session: session);

    private WorkerLogWriter? _log;

    /// <summary>Its workers and submissions go through the session's transport (Service Bus when connected to one).</summary>
    private protected override bool CarriesWork => true;
    private PipelineQueue? _queue;
    private Engine.Worker? _worker;

    protected override void EndProcessing()
    {
        SigtermTakeover? sigterm = null;
        var log = _log = new WorkerLogWriter(this, VerboseWanted(), WorkerLogWriter.UseColour(this));
        try
        {
            // Every variable checked before anything opens: a bad one is an error naming it, and nothing starts.
            var environment = WorkerVariables;
            var waitLimit = StartupTimeout is { } given ? Hosting.StoreStartupWait.Check(given, "startup_timeout")
                : environment.StartupTimeout ?? Hosting.StoreStartupWait.DefaultLimit;
            var client = Assembly is null ? Client : Client.WithRegistry(RegistryWithPlugins());
            var options = new WorkerOptions
            {
                Concurrency = Given(nameof(Concurrency)) ? Concurrency : environment.Concurrency ?? Concurrency,
                ExitWhenIdle = Seconds.From(ExitWhenIdle),
                ShutdownGrace = Given(nameof(ShutdownGrace)) ? Seconds.From(ShutdownGrace)!.Value : environment.ShutdownGrace ?? Seconds.From(ShutdownGrace)!.Value,
            };
            if ((WorkerId ?? environment.WorkerId) is { } id) options = options with { WorkerId = id };
            var healthFile = (Given(nameof(HealthFile)) ? HealthFile : environment.HealthFile) is { } file ? GetUnresolvedProviderPathFromPSPath(file) : null;
            var worker = client.CreateWorker(options);
            Run(async (queue, token) =>
            {
                _worker = worker;
                _queue = queue;
                // First of all that touches anything: a path that cannot be written stops the worker before a store file is made.
                await using var heartbeat = healthFile is null ? null
                    : Hosting.Health.HeartbeatFile.Start(healthFile, worker, line => queue.Post(() => WriteLog(line)));
                // SIGTERM is taken over for as long as the worker runs (and waits for its store): it stops gracefully, then exits 0.
                // The line is queued before the stop fires: it precedes every line the stopping worker logs.
                using var stop = sigterm = new SigtermTakeover(token, () => Say(queue, WorkerLogMessages.StopRequested(worker, "SIGTERM")));
                // The store described as geoorch describes it: the same start line from both.
                var store = ResolvedConnection.Connection.ToString();
                try
                {
                    // A store not ready yet (PostgreSQL starting, a locked file, a deploy under way) is waited for, within the limit.
                    await Hosting.StoreStartupWait.RunAsync(async attempt =>
                    {
                        // A worker's schema check only looks; on the embedded store a fresh machine needs no
                        // deploy step, so the worker creates the file and its schema first, as geoorch does.
                        if (ResolvedConnection.IsEmbedded) await client.DeploySchemaAsync(cancellationToken: attempt);
                        await client.CheckSchemaAsync(attempt);
                    }, store, waitLimit, line => queue.Post(() => WriteLog(new GeoLogLine(GeoLogLevel.Warning, WorkerLogMessages.Category, line, null))), stop.Token);
                }
                catch (OperationCanceledException) when (stop.Token.IsCancellationRequested && sigterm.Received)
                {
                    heartbeat?.WorkerStopped();
                    return true;
                }
                // Once registered: a worker refused for its id (WorkerIdInUse) never says it started.
                worker.Started += () => Say(queue, WorkerLogMessages.Started(worker, store, heartbeat?.Path));
                await worker.RunAsync(stop.Token);
                heartbeat?.WorkerStopped();
                Say(queue, WorkerLogMessages.Stopped(worker));
                return true;
            });
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            Fail(e, ResolvedConnection);
        }
        // The signal asked the process to end; the worker has handed everything back by now.
        if (sigterm?.Received == true) SigtermTakeover.ExitProcess(0);
    }

    /// <summary>Ctrl+C: says so in the log before the worker starts stopping, then stops it.</summary>
    protected override void StopProcessing()
    {
        _log?.PipelineStopping();
        if (_queue is { } queue && _worker is { } worker) Say(queue, WorkerLogMessages.StopRequested(worker, "Ctrl+C"));
        base.StopProcessing();
    }

    private protected override void WriteLog(GeoLogLine line)
    {
        if (_log is { } log) log.Write(line);
        else base.WriteLog(line);
    }

    /// <summary>Logs one of the worker's own lines, timed now, in order with the engine's.</summary>
    private void Say(PipelineQueue queue, string message)
    {
        var line = new GeoLogLine(GeoLogLevel.Information, WorkerLogMessages.Category, message, null);
        queue.Post(() => WriteLog(line));
    }

    /// <summary>Whether <c>-Verbose</c> (or <c>$VerbosePreference</c>) asks for the engine's detail lines too.</summary>
    private bool VerboseWanted() =>
        MyInvocation.BoundParameters.TryGetValue("Verbose", out var given)
            ? ((SwitchParameter)given).IsPresent
            : GetVariableValue("VerbosePreference") is ActionPreference preference
              && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);

    private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    private JobRegistry RegistryWithPlugins()
    {
        var assemblies = new List<System.Reflection.Assembly> { BuiltInJobs.Assembly };
        foreach (var path in Assembly!)
        {
            var full = GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(full))
                throw new Errors.GeoValidationException("assembly", "not_found", $"'assembly' names '{full}', which does not exist.");
            // Into the module's own context: the plug-in's GeoOrchestration.Core is the module's.
            assemblies.Add(ModuleLoader.Context.LoadFromAssemblyPath(full));
        }
        return JobRegistry.FromAssemblies([.. assemblies]);
    }
}
