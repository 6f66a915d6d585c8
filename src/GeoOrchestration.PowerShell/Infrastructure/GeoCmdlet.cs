using System.Management.Automation;
using System.Management.Automation.Runspaces;
using GeoOrchestration.Logging;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// What every GeoOrchestration cmdlet shares: the <c>-Connection</c> override, cancellation
/// (Ctrl+C calls <see cref="StopProcessing"/>, which cancels the token every engine call gets),
/// the one mapping from engine exceptions to error records, and engine log lines written on the
/// pipeline thread as verbose, information and warning records.
/// </summary>
public abstract class GeoCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private GeoClient? _client;
    private GeoConnectionInfo? _resolved;
    private Hosting.TransportSettings? _transport;
    // The pipeline thread, the only one a cmdlet may write on.
    private readonly int _pipelineThread = Environment.CurrentManagedThreadId;

    /// <summary>The store to work on instead of the session's (see <c>Connect-GeoOrchestration</c>). A connection string is accepted too.</summary>
    /// <remarks>Virtual so that <c>Connect-GeoOrchestration</c>, which sets the store rather than using one, can leave it out of its parameters.</remarks>
    [Parameter]
    [ConnectionTransformation]
    public virtual GeoConnectionInfo? Connection { get; set; }

    /// <summary>Fires when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>
    /// This PowerShell session, for the session's default connection: read when PowerShell creates
    /// the cmdlet, on the pipeline thread (the default runspace is per thread, and engine work runs
    /// on the thread pool).
    /// </summary>
    internal Guid SessionId { get; } = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    /// <summary>The store this call works on, resolved once (on the pipeline thread: a relative path in <c>GEO_CONNECTION</c> needs the current location).</summary>
    protected GeoConnectionInfo ResolvedConnection =>
        _resolved ??= ConnectionCache.Resolve(Connection, SessionId, () => SessionState.Path.CurrentFileSystemLocation.ProviderPath);

    /// <summary>
    /// How work reaches workers for this call: the connection's Service Bus (<c>Connect-GeoOrchestration
    /// -ServiceBusNamespace</c>), else <c>GEO_SERVICEBUS</c>, else the database transport (Hosting's
    /// <see cref="Hosting.TransportSettings.Resolve"/>, as <c>geoorch</c> resolves it). Resolved once, when first asked.
    /// </summary>
    protected Hosting.TransportSettings ResolvedTransport => _transport ??= ResolveTransport(ResolvedConnection.TransportSettings);

    /// <summary>Resolves <see cref="ResolvedTransport"/> from the session's transport; a worker reads <c>GEO_TRANSPORT</c> too.</summary>
    private protected virtual Hosting.TransportSettings ResolveTransport(Hosting.TransportSettings? session) =>
        Hosting.TransportSettings.Resolve(null, null, null, session: session);

    /// <summary>Whether this command's workers or submissions carry work, and so use <see cref="ResolvedTransport"/> (a worker, a submit, a run).</summary>
    private protected virtual bool CarriesWork => false;

    /// <summary>
    /// The shared client of <see cref="ResolvedConnection"/> (with <see cref="ResolvedTransport"/> for a command
    /// that carries work). Its first use in a call writes one verbose line naming the store and where it came
    /// from (never a password), and the transport when it is Service Bus.
    /// </summary>
    protected GeoClient Client
    {
        get
        {
            if (_client is not null) return _client;
            _client = CarriesWork ? ConnectionCache.ClientFor(ResolvedConnection, ResolvedTransport) : ConnectionCache.ClientFor(ResolvedConnection);
            if (Environment.CurrentManagedThreadId == _pipelineThread)
            {
                WriteVerbose($"Store: {ResolvedConnection.Describe()}");
                if (CarriesWork && ResolvedTransport.IsServiceBus) WriteVerbose($"Transport: {ResolvedTransport}");
            }
            return _client;
        }
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Runs engine work off the pipeline thread and, meanwhile, whatever it posts (log lines,
    /// progress, output) on it. Exceptions come back as they were thrown; a stop comes back as
    /// <see cref="PipelineStoppedException"/>.
    /// </summary>
    private protected T Run<T>(Func<PipelineQueue, CancellationToken, Task<T>> work)
    {
        // On the pipeline thread, before the work's thread uses it: the store is resolved and named here.
        _ = Client;
        return RunOffline(work);
    }

    /// <summary>As <see cref="Run{T}(Func{PipelineQueue, CancellationToken, Task{T}})"/>, for work that needs no store (Service Bus administration).</summary>
    private protected T RunOffline<T>(Func<PipelineQueue, CancellationToken, Task<T>> work)
    {
        try
        {
            return PipelineQueue.Run(WriteLog, queue => work(queue, StopToken));
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private protected T RunOffline<T>(Func<CancellationToken, Task<T>> work) => RunOffline((_, token) => work(token));

    private protected T Run<T>(Func<CancellationToken, Task<T>> work) => Run((_, token) => work(token));

    private protected void Run(Func<CancellationToken, Task> work) => Run<bool>(async token =>
    {
        await work(token);
        return true;
    });

    /// <summary>
    /// Runs <paramref name="body"/> for one input item; an engine error becomes a non-terminating
    /// error with <paramref name="target"/> as its target object, and the next item goes on.
    /// </summary>
    protected void ForItem(object? target, Action body)
    {
        try
        {
            body();
        }
        catch (Exception e) when (e is not PipelineStoppedException and not PipelineClosedException and not ParameterBindingException)
        {
            WriteError(ErrorMapping.ToRecord(e, target));
        }
    }

    /// <summary>
    /// <see cref="Cmdlet.ShouldProcess(string, string)"/>, except that a confirmation the session
    /// cannot ask for (<c>pwsh -NonInteractive</c>, a host without a UI) is reported as what it is,
    /// a <see cref="ConfirmationRequiredException"/> naming the command, the action and
    /// <c>-Confirm:$false</c>, instead of the host's bare refusal (which read as an internal error).
    /// Hides the base method on purpose, so every cmdlet of the module gets this without a new name.
    /// </summary>
    protected new bool ShouldProcess(string target, string action)
    {
        try
        {
            return base.ShouldProcess(target, action);
        }
        catch (Exception e) when (e is PSInvalidOperationException or System.Management.Automation.Host.HostException)
        {
            // Prompting is the only thing ShouldProcess does that a host refuses with these.
            throw new ConfirmationRequiredException(
                $"{MyInvocation.MyCommand.Name} needs confirmation to {Lower(action)} ({target}), and this PowerShell session cannot ask " +
                "(it runs with -NonInteractive, or its host cannot prompt): nothing was done. Add -Confirm:$false to go on without asking " +
                $"(it asked because the command's impact reaches $ConfirmPreference, or -Confirm was given). {e.Message}", e);
        }
    }

    private static string Lower(string action) => action.Length == 0 ? action : char.ToLowerInvariant(action[0]) + action[1..];

    /// <summary>Stops the command with the engine error mapped as <see cref="ErrorMapping"/> does.</summary>
    protected void Fail(Exception e, object? target) => ThrowTerminatingError(ErrorMapping.ToRecord(e, target));

    /// <summary>Writes one engine log line on the pipeline thread; a cmdlet with a log of its own (a worker) writes it its way.</summary>
    private protected virtual void WriteLog(GeoLogLine line)
    {
        var text = line.Exception is null || line.Message.Contains(line.Exception.Message, StringComparison.Ordinal)
            ? line.Message
            : $"{line.Message}: {line.Exception.GetType().Name}: {line.Exception.Message}";
        switch (line.Level)
        {
            case GeoLogLevel.Trace or GeoLogLevel.Debug:
                WriteVerbose(text);
                break;
            case GeoLogLevel.Information:
                WriteInformation(text, ["GeoOrchestration", line.Category]);
                break;
            default:
                WriteWarning(text);
                break;
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
