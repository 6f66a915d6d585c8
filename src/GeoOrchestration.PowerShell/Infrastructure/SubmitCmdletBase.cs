using System.Collections;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json.Nodes;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.Model;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// The parameters that say which job to submit, shared by <c>Submit-GeoJob</c> and
/// <c>Invoke-GeoJob</c>. A job's parameters come from <c>-Parameter</c>, from the job type's own
/// parameters (dynamic: <c>-JobType hello_world -count 3</c>), or from the properties of a
/// pipeline object (an <c>Import-Csv</c> row with a <c>JobType</c> column).
/// </summary>
public abstract class SubmitCmdletBase : GeoCmdlet, IDynamicParameters
{
    private RuntimeDefinedParameterDictionary? _dynamic;

    /// <summary>Its workers and submissions go through the session's transport (Service Bus when connected to one).</summary>
    private protected override bool CarriesWork => true;

    /// <summary>The job type (see <c>Get-GeoJobType</c>); tab completion offers the registered ones.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string JobType { get; set; } = "";

    /// <summary>The job's parameters as a hashtable, typed by the job type's schema (<c>@{count = 3}</c>).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Parameters")]
    public IDictionary? Parameter { get; set; }

    /// <summary>A pipeline object whose other properties are the job's parameters (an Import-Csv row).</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>A key that is part of the job's identity: the same parameters with another key are another job, with the same key the same job.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? RunKey { get; set; }

    /// <summary>
    /// Start a new run of the request even when it has one: the next run number, a job of its own
    /// (without it, the same request returns its latest run). Refused while the latest run is queued or processing.
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    // Not from the pipeline: a GeoJob piped in carries TaskTimeout/JobTimeout as TimeSpans.
    /// <summary>Seconds one task attempt may run (default: the job type's).</summary>
    [Parameter]
    public double? TaskTimeout { get; set; }

    /// <summary>Seconds the whole job may take from submission (default: the job type's).</summary>
    [Parameter]
    public double? JobTimeout { get; set; }

    /// <summary>The job type's parameters as parameters of this command, once <c>-JobType</c> names a known type.</summary>
    public object? GetDynamicParameters()
    {
        if (string.IsNullOrEmpty(JobType) || !ConnectionCache.Registry.TryGetJob(JobType, out var definition)) return null;
        _dynamic = new RuntimeDefinedParameterDictionary();
        var taken = new HashSet<string>(StaticNames(), StringComparer.OrdinalIgnoreCase);
        foreach (var spec in definition.Schema.Parameters.Where(p => !taken.Contains(p.Name)))
        {
            var attributes = new Collection<Attribute>
            {
                new ParameterAttribute { HelpMessage = spec.Description ?? $"{spec.KindName} parameter of {definition.Name}" },
            };
            if (spec.Allowed is { Count: > 0 } allowed) attributes.Add(new ValidateSetAttribute([.. allowed]));
            _dynamic.Add(spec.Name, new RuntimeDefinedParameter(spec.Name, TypeOf(spec.Kind), attributes));
        }
        return _dynamic;
    }

    /// <summary>What was given for the submission, as the engine takes it.</summary>
    protected (JsonObject Parameters, SubmitOptions Options) Request()
    {
        var values = new List<KeyValuePair<string, object?>>();
        if (Parameter is not null) values.AddRange(JsonValues.Entries(Parameter));
        else if (InputObject is { BaseObject: not GeoJob and not IDictionary })
        {
            var own = new HashSet<string>(StaticNames(), StringComparer.OrdinalIgnoreCase);
            values.AddRange(InputObject.Properties.Where(p => !own.Contains(p.Name))
                .Select(p => new KeyValuePair<string, object?>(p.Name, JsonValues.Unwrap(p.Value))));
        }
        else if (InputObject is { BaseObject: IDictionary dictionary })
            values.AddRange(JsonValues.Entries(dictionary).Where(p => !string.Equals(p.Key, nameof(JobType), StringComparison.OrdinalIgnoreCase)));
        if (_dynamic is not null)
            values.AddRange(_dynamic.Values.Where(p => p.IsSet).Select(p => new KeyValuePair<string, object?>(p.Name,
                p.Value is SwitchParameter flag ? flag.IsPresent : JsonValues.Unwrap(p.Value))));
        var options = new SubmitOptions
        {
            RunKey = RunKey,
            TaskTimeout = Seconds.From(TaskTimeout),
            JobTimeout = Seconds.From(JobTimeout),
            Force = Force,
        };
        return (Client.ParametersFrom(JobType, values), options);
    }

    /// <summary>
    /// When the submission returned a job that already existed: one warning naming the job (and its run), its state
    /// and when it ended (or was submitted), the options it was returned without and the
    /// <c>Restart-GeoJob</c> command that runs it again with them (<see cref="ExistingJobNotice"/>, the
    /// words every front end uses), and verbose details of the job. Nothing for a new job.
    /// </summary>
    protected void WarnExisting(SubmitResult submission)
    {
        if (ExistingJobNotice.For(submission, time => LocalTime.Of(time).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), RetryCommand,
                "-Force") is { } notice)
            WriteWarning(notice);
        if (ExistingJobNotice.Details(submission, time => LocalTime.Of(time).ToString("o", CultureInfo.InvariantCulture), "-Force") is { } details)
            WriteVerbose(details);
    }

    private static string RetryCommand(string jobId, TimeSpan? taskTimeout, TimeSpan? jobTimeout) =>
        $"Restart-GeoJob {jobId}" + (taskTimeout is { } task ? $" -TaskTimeout {SecondsText(task)}" : "") +
        (jobTimeout is { } job ? $" -JobTimeout {SecondsText(job)}" : "");

    private static string SecondsText(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private IEnumerable<string> StaticNames() =>
        GetType().GetProperties().Where(p => p.IsDefined(typeof(ParameterAttribute), true))
            .SelectMany(p => p.GetCustomAttributes(typeof(AliasAttribute), true).Cast<AliasAttribute>().SelectMany(a => a.AliasNames).Append(p.Name))
            .Concat(CommonNames);

    private static readonly string[] CommonNames =
    [
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    ];

    private static Type TypeOf(Parameters.ParameterKind kind) => kind switch
    {
        Parameters.ParameterKind.Integer => typeof(long),
        Parameters.ParameterKind.Number => typeof(double),
        // A switch: -recursive alone is true, -recursive:$false false, left out the job type's default.
        Parameters.ParameterKind.Boolean => typeof(SwitchParameter),
        Parameters.ParameterKind.StringArray => typeof(string[]),
        _ => typeof(string),
    };
}
