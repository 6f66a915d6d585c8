using System.Globalization;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting;

/// <summary>
/// A worker's configuration by environment, read the same way by <c>geoorch worker</c> and <c>Start-GeoWorker</c>
/// (a container is configured by nothing else): <c>GEO_CONCURRENCY</c>, <c>GEO_SHUTDOWN_GRACE</c> (seconds),
/// <c>GEO_TRANSPORT</c> (<c>database</c> or <c>servicebus</c>) and <c>GEO_HEALTH_FILE</c> (where the worker writes its
/// heartbeat). An option or parameter given to the command wins over its variable; an unset or blank variable is
/// as if absent. <c>GEO_CONNECTION</c>, <c>GEO_SCHEMA</c>, <c>GEO_SERVICEBUS</c> and <c>GEO_CREDENTIAL</c> are read where they always were.
/// </summary>
public sealed record WorkerEnvironment
{
    /// <summary>Work items the worker runs at once (a whole number, <see cref="WorkerDefaults.MinConcurrency"/>..<see cref="WorkerDefaults.MaxConcurrency"/>).</summary>
    public const string ConcurrencyVariable = "GEO_CONCURRENCY";

    /// <summary>Seconds running handlers get to finish after SIGTERM (0 to one year).</summary>
    public const string ShutdownGraceVariable = "GEO_SHUTDOWN_GRACE";

    /// <summary><c>database</c> or <c>servicebus</c>: how work reaches the worker (see <see cref="TransportSettings"/>).</summary>
    public const string TransportVariable = "GEO_TRANSPORT";

    /// <summary>The file the worker writes its heartbeat to, and <c>geoorch health</c> / <c>Test-GeoWorkerHealth</c> read.</summary>
    public const string HealthFileVariable = "GEO_HEALTH_FILE";

    /// <summary>The worker's id, its lease owner (<see cref="WorkerOptions.WorkerId"/>: one live process per id).</summary>
    public const string WorkerIdVariable = "GEO_WORKER_ID";

    /// <summary>How long the worker waits at startup for a store not ready yet (<see cref="StoreStartupWait.ParseLimit"/>: 30s, 5m, seconds, 0).</summary>
    public const string StartupTimeoutVariable = "GEO_STARTUP_TIMEOUT";

    /// <summary>The most seconds a duration variable takes: one year, as the options take.</summary>
    private const double MaxSeconds = 86_400 * 365;

    /// <summary>From <c>GEO_CONCURRENCY</c>; null when unset.</summary>
    public int? Concurrency { get; init; }

    /// <summary>From <c>GEO_SHUTDOWN_GRACE</c>; null when unset.</summary>
    public TimeSpan? ShutdownGrace { get; init; }

    /// <summary>From <c>GEO_TRANSPORT</c>, in lower case (<c>database</c>, <c>servicebus</c>); null when unset.</summary>
    public string? Transport { get; init; }

    /// <summary>From <c>GEO_HEALTH_FILE</c>, as written; null when unset.</summary>
    public string? HealthFile { get; init; }

    /// <summary>From <c>GEO_WORKER_ID</c>, as written (checked as <c>--worker-id</c> is); null when unset.</summary>
    public string? WorkerId { get; init; }

    /// <summary>From <c>GEO_STARTUP_TIMEOUT</c>; null when unset.</summary>
    public TimeSpan? StartupTimeout { get; init; }

    /// <summary>
    /// Reads the variables and checks every one, so a container with a bad value stops before anything starts.
    /// </summary>
    /// <param name="environment">The environment variables; default this process's.</param>
    /// <param name="overridden">
    /// Variables whose option or parameter the command was given (e.g. <c>GEO_CONCURRENCY</c> for <c>--concurrency</c>): the option wins,
    /// so these are neither read nor checked.
    /// </param>
    /// <exception cref="GeoValidationException">
    /// Every bad variable at once, each error's field the variable's name: <c>GEO_CONCURRENCY</c> (rule <c>whole_number</c>,
    /// <c>range</c>), <c>GEO_SHUTDOWN_GRACE</c> (<c>seconds</c>), <c>GEO_TRANSPORT</c> (<c>allowed</c>), <c>GEO_HEALTH_FILE</c> (<c>file_path</c>),
    /// <c>GEO_WORKER_ID</c> (<c>max_length</c>, <c>storable_text</c>), <c>GEO_STARTUP_TIMEOUT</c> (<c>duration</c>, <c>maximum</c>).
    /// </exception>
    public static WorkerEnvironment Read(PlatformEnvironment? environment = null, IEnumerable<string>? overridden = null)
    {
        environment ??= PlatformEnvironment.Current;
        var skipped = new HashSet<string>(overridden ?? [], StringComparer.Ordinal);
        string? Variable(string name) => skipped.Contains(name) ? null : environment.Variable(name);
        var errors = new List<ValidationError>();
        var result = new WorkerEnvironment
        {
            Concurrency = ReadConcurrency(Variable(ConcurrencyVariable), errors),
            ShutdownGrace = ReadSeconds(ShutdownGraceVariable, Variable(ShutdownGraceVariable), errors),
            Transport = ReadTransport(Variable(TransportVariable), errors),
            HealthFile = ReadHealthFile(Variable(HealthFileVariable), errors),
            WorkerId = ReadWorkerId(Variable(WorkerIdVariable), errors),
            StartupTimeout = ReadStartupTimeout(Variable(StartupTimeoutVariable), errors),
        };
        if (errors.Count > 0) throw new GeoValidationException(errors);
        return result;
    }

    /// <summary>
    /// <c>GEO_HEALTH_FILE</c> alone, for a probe (<c>geoorch health</c>, <c>Test-GeoWorkerHealth</c>): the worker's other variables are not its business.
    /// </summary>
    /// <exception cref="GeoValidationException">Field <c>GEO_HEALTH_FILE</c>, rule <c>file_path</c>.</exception>
    public static string? ReadHealthFile(PlatformEnvironment? environment = null) =>
        Read(environment, [ConcurrencyVariable, ShutdownGraceVariable, TransportVariable, WorkerIdVariable, StartupTimeoutVariable]).HealthFile;

    /// <summary>
    /// A worker's transport: what the command was given (<c>--transport</c>, a namespace or connection string) or the
    /// session's Service Bus, else <c>GEO_TRANSPORT</c>, then <see cref="TransportSettings.Resolve"/> as ever. <c>GEO_TRANSPORT=database</c>
    /// keeps the database transport even when <c>GEO_SERVICEBUS</c> is set; <c>servicebus</c> needs <c>GEO_SERVICEBUS</c> (or a namespace given).
    /// </summary>
    /// <exception cref="GeoValidationException">
    /// Field <c>GEO_TRANSPORT</c>, rule <c>requires_servicebus</c>: <c>servicebus</c> with no namespace anywhere; else as <see cref="TransportSettings.Resolve"/>.
    /// </exception>
    public TransportSettings ResolveTransport(string? transport, string? serviceBusNamespace, string? serviceBusConnection,
        PlatformEnvironment? environment = null, TransportSettings? session = null)
    {
        environment ??= PlatformEnvironment.Current;
        var given = transport is not null || !string.IsNullOrWhiteSpace(serviceBusNamespace) || !string.IsNullOrWhiteSpace(serviceBusConnection)
            || session is { IsServiceBus: true };
        if (!given && Transport == "servicebus" && environment.Variable(TransportSettings.ServiceBusVariable) is null)
            throw new GeoValidationException(TransportVariable, "requires_servicebus",
                $"{TransportVariable} is 'servicebus', which needs a Service Bus namespace or connection string: set {TransportSettings.ServiceBusVariable} " +
                "(or give --servicebus-namespace / --servicebus-connection), or set it to 'database'.");
        return TransportSettings.Resolve(given ? transport : Transport, serviceBusNamespace, serviceBusConnection, environment, session);
    }

    private static int? ReadConcurrency(string? text, List<ValidationError> errors)
    {
        if (text is null) return null;
        var rule = $"{ConcurrencyVariable} must be a whole number from {WorkerDefaults.MinConcurrency} to {WorkerDefaults.MaxConcurrency} (work items run at once)";
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new(ConcurrencyVariable, "whole_number", $"{rule}; got '{Shown(text)}'."));
            return null;
        }
        if (value is < WorkerDefaults.MinConcurrency or > WorkerDefaults.MaxConcurrency)
        {
            errors.Add(new(ConcurrencyVariable, "range", $"{rule}; got {value}."));
            return null;
        }
        return (int)value;
    }

    private static TimeSpan? ReadSeconds(string variable, string? text, List<ValidationError> errors)
    {
        if (text is null) return null;
        if (double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds is >= 0 and < MaxSeconds)
            return TimeSpan.FromSeconds(seconds);
        errors.Add(new(variable, "seconds", $"{variable} must be a number of seconds from 0 to one year (e.g. 30 or 2.5); got '{Shown(text)}'."));
        return null;
    }

    private static string? ReadTransport(string? text, List<ValidationError> errors)
    {
        if (text is null) return null;
        var name = text.Trim().ToLowerInvariant();
        if (TransportSettings.Names.Contains(name)) return name;
        errors.Add(new(TransportVariable, "allowed", $"{TransportVariable} must be one of {string.Join(", ", TransportSettings.Names)}; got '{Shown(text)}'."));
        return null;
    }

    private static string? ReadHealthFile(string? text, List<ValidationError> errors)
    {
        if (text is null) return null;
        if (text.Contains('\0') || text.EndsWith('/') || text.EndsWith('\\'))
        {
            errors.Add(new(HealthFileVariable, "file_path", $"{HealthFileVariable} must name a file (e.g. /tmp/geoorch/health.json), not a folder; got '{Shown(text)}'."));
            return null;
        }
        return text;
    }

    /// <summary>Checked by the rules of <c>--worker-id</c> (<see cref="WorkerOptions.Validate"/>), each error naming the variable.</summary>
    private static string? ReadWorkerId(string? text, List<ValidationError> errors)
    {
        if (text is null) return null;
        try
        {
            new WorkerOptions { WorkerId = text }.Validate();
            return text;
        }
        catch (GeoValidationException e)
        {
            errors.AddRange(e.Errors.Select(error => error with
            {
                Field = WorkerIdVariable,
                Message = $"{WorkerIdVariable}: {error.Message.Replace("'worker_id' ", "", StringComparison.Ordinal)}",
            }));
            return null;
        }
    }

    private static TimeSpan? ReadStartupTimeout(string? text, List<ValidationError> errors)
    {
        if (text is null) return null;
        try
        {
            return StoreStartupWait.ParseLimit(text.Trim(), StartupTimeoutVariable);
        }
        catch (GeoValidationException e)
        {
            errors.AddRange(e.Errors);
            return null;
        }
    }

    // These variables hold no secret; a long value is cut so the error stays one readable line.
    private static string Shown(string text) => (text.Length > 40 ? text[..37] + "..." : text).Replace('\0', '?');
}
