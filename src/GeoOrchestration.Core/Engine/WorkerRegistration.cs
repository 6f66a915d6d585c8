using System.Reflection;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// A worker's row in the store's worker registry (<see cref="IGeoStore.WorkerRegisterAsync"/>): registered
/// once the schema check passed, moved on each lease-renewal tick of <see cref="WorkerMaintenance"/>
/// (one statement per interval, whatever the worker runs: nothing on the claim/complete path),
/// removed when the worker stops cleanly. The registry is for people and front ends, never for the
/// engine's decisions (leases are), so a failure here never stops work: a registration that failed is
/// logged and tried again at the next heartbeat, and so is a row found gone (a janitor removed it after
/// the worker missed its heartbeats past <see cref="ExpiryOf"/>: a paused VM, a store outage).
/// </summary>
internal sealed class WorkerRegistration(JobRegistry registry, IGeoStore store, WorkerOptions options, string transport,
    TimeProvider time, ILogger logger)
{
    /// <summary>How long a stopping worker waits at most for its registry writes; past it the row expires.</summary>
    private static readonly TimeSpan DeregisterBound = TimeSpan.FromSeconds(10);

    private readonly long _started = time.GetTimestamp();

    /// <summary>This worker's instance token in the registry: one id, one live process (<see cref="WorkerRegisterParams.Instance"/>).</summary>
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private volatile bool _registered;
    private volatile bool _everRegistered;
    private readonly CancellationTokenSource _takenOver = new();
    private GeoConflictException? _takeover;

    /// <summary>The version a worker registers with: the engine's informational version, its commit cut to 7 hex digits.</summary>
    public static string Version { get; } = ShortVersion(
        typeof(Worker).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Worker).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary>
    /// How long after its last heartbeat a worker counts as lost: <see cref="WorkerTuning.RegistryExpiryLeases"/>
    /// of its leases. By then it missed that many times <see cref="WorkerTuning.RenewalsPerLease"/>
    /// heartbeats, and every lease it held has lapsed, so the janitor has handed its work to others.
    /// </summary>
    public static TimeSpan ExpiryOf(WorkerOptions options) =>
        // A lease may be given in years; the registry's expiry need not follow it past a decade.
        TimeSpan.FromTicks(Math.Min(options.Lease.Ticks, TimeSpan.FromDays(3650).Ticks) * WorkerTuning.RegistryExpiryLeases);

    /// <summary>
    /// Registers the worker as it starts. A store failure is logged and retried at the next heartbeat (work goes on);
    /// a live worker of another process holding the id refuses it.
    /// </summary>
    /// <exception cref="GeoConflictException">
    /// <see cref="WorkerIdInUseId"/>: another process registered this worker id and is not lost; it would renew, complete
    /// and hand back the other's leases as its own, so it must not start. Nothing was written.
    /// </exception>
    public async Task RegisterAsync(int running, bool stopping, CancellationToken cancellationToken)
    {
        WorkerRecord? holder;
        try
        {
            holder = await store.WorkerRegisterAsync(Params(running, stopping), cancellationToken);
            _registered = _everRegistered = holder is null;
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            if (e is OperationCanceledException) return; // stopping before it began: the first heartbeat or the deregistration settles it
            logger.LogWarning(e, "Worker {WorkerId} could not register in the store's worker registry; trying again at its next heartbeat", options.WorkerId);
            return;
        }
        if (holder is not null) throw InUse(holder);
    }

    /// <summary>Error id of a worker refused because a live worker of another process holds its id.</summary>
    public const string WorkerIdInUseId = "WorkerIdInUse";

    /// <summary>The refusal of a second process with a live worker's id: who holds it, since when, and what to do.</summary>
    private GeoConflictException InUse(WorkerRecord holder) => new(WorkerIdInUseId,
        $"Worker id '{holder.WorkerId}' is held by a live worker on {holder.Host} (pid {holder.ProcessId}), last heartbeat {holder.Heartbeat:yyyy-MM-dd HH:mm:ss}Z " +
        $"({DurationText.Format(holder.HeartbeatAge)} ago): two processes with one id would take each other's leases. Start this worker with another " +
        $"worker id, or, if that worker died, wait until it reads as Lost ({DurationText.Format(ExpiryOf(options))} after its last heartbeat, {WorkerTuning.RegistryExpiryLeases} leases).",
        holder.WorkerId);

    /// <summary>
    /// The registry heartbeat: one UPDATE by primary key; a worker not registered (yet, or any more) registers.
    /// Throws what the store throws (the maintenance loop logs it and tries again next interval).
    /// </summary>
    public async Task HeartbeatAsync(int running, bool stopping, CancellationToken cancellationToken)
    {
        if (_registered)
        {
            if (await store.WorkerHeartbeatAsync(new WorkerHeartbeatParams(options.WorkerId, _instance, ExpiryOf(options), running, stopping), cancellationToken))
                return;
            _registered = false;
            logger.LogWarning("Worker {WorkerId} was no longer in the store's worker registry (its heartbeats stopped for longer than {Expiry}, and a janitor removed it or another process took its id); registering again",
                options.WorkerId, DurationText.Format(ExpiryOf(options)));
        }
        var holder = await store.WorkerRegisterAsync(Params(running, stopping), cancellationToken);
        if (holder is null)
        {
            _registered = _everRegistered = true;
            return;
        }
        // Its row read as lost (a pause, a store cut off) and another process registered with its id meanwhile: two processes
        // would now work under one id, renewing and reporting each other's leases. This one stops (the worker watches TakenOver).
        if (Interlocked.CompareExchange(ref _takeover, _everRegistered ? TakenOverBy(holder) : InUse(holder), null) is null)
            await _takenOver.CancelAsync();
    }

    /// <summary>
    /// Fires once another process holds this worker's id (<see cref="Takeover"/> says who): the worker must stop claiming
    /// at once and leave the work it held alone, since its leases may be the new holder's by now.
    /// </summary>
    public CancellationToken TakenOver => _takenOver.Token;

    /// <summary>
    /// Why the worker must stop, once <see cref="TakenOver"/> fired: <see cref="WorkerIdInUseId"/>, naming the new holder. Null until then.
    /// </summary>
    public GeoConflictException? Takeover => Volatile.Read(ref _takeover);

    /// <summary>The end of a worker whose id another process took over while its own row read as lost.</summary>
    private GeoConflictException TakenOverBy(WorkerRecord holder) => new(WorkerIdInUseId,
        $"Worker id '{holder.WorkerId}' was taken over by a worker on {holder.Host} (pid {holder.ProcessId}), registered {holder.Started:yyyy-MM-dd HH:mm:ss}Z, " +
        $"while this process missed its heartbeats for longer than {DurationText.Format(ExpiryOf(options))} (paused, or cut off from the store): " +
        "two processes must not work under one id, so this one stopped, leaving the work it held to that worker and the janitor.",
        holder.WorkerId);

    /// <summary>
    /// Marks the worker as stopping as soon as it is asked to (its heartbeats then say so too), for the
    /// shutdown grace it may spend finishing what it holds; never throws, and waits a bounded time.
    /// </summary>
    public async Task StoppingAsync(int running)
    {
        using var bound = new CancellationTokenSource(DeregisterBound, time);
        try
        {
            await HeartbeatAsync(running, stopping: true, bound.Token);
        }
        catch (Errors.GeoConfigurationException e)
        {
            logger.LogDebug(e, "Worker {WorkerId} could not mark itself as stopping in the store's worker registry", options.WorkerId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Worker {WorkerId} could not mark itself as stopping in the store's worker registry", options.WorkerId);
        }
    }

    /// <summary>Removes the worker's row as it stops; never throws (a failure is logged, and the row expires).</summary>
    public async Task DeregisterAsync()
    {
        using var bound = new CancellationTokenSource(DeregisterBound, time);
        try
        {
            // Its own row only: a worker refused at its start must not remove the live holder's.
            if (_registered) await store.WorkerDeregisterAsync(new WorkerRef(options.WorkerId, _instance), bound.Token);
            _registered = false;
        }
        catch (Errors.GeoConfigurationException e)
        {
            // The store went bad or lost its schema, which is what stopped the worker: its own error says so once.
            logger.LogDebug(e, "Worker {WorkerId} could not remove itself from the store's worker registry", options.WorkerId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Worker {WorkerId} could not remove itself from the store's worker registry; it reads as lost {Expiry} after its last heartbeat, and a janitor removes it",
                options.WorkerId, DurationText.Format(ExpiryOf(options)));
        }
    }

    /// <summary>The janitor's part: removes the workers whose expiry passed, logging each (they died without deregistering).</summary>
    public async Task ExpireAsync(CancellationToken cancellationToken)
    {
        foreach (var lost in await store.WorkerExpireAsync(cancellationToken))
            logger.LogWarning("Janitor: worker {WorkerId} on {Host} (pid {ProcessId}) stopped heartbeating at {Heartbeat:O} and was removed from the worker registry; it held {Running} work item(s) then",
                lost.WorkerId, lost.Host, lost.ProcessId, lost.Heartbeat, lost.Running);
    }

    private WorkerRegisterParams Params(int running, bool stopping) => new(options.WorkerId, _instance, Environment.MachineName, Environment.ProcessId,
        Version, registry.JobTypes.Select(j => j.Name).Order(StringComparer.Ordinal).ToList(), options.Concurrency, transport,
        time.GetElapsedTime(_started), ExpiryOf(options), running, stopping);

    private static string ShortVersion(string version)
    {
        var plus = version.IndexOf('+');
        return plus >= 0 && version.Length - plus - 1 > 7 ? version[..(plus + 8)] : version;
    }
}
