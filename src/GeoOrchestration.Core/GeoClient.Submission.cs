using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;

namespace GeoOrchestration;

/// <summary>The one prepared-submission step every way of submitting goes through: checked once, then written.</summary>
public sealed partial class GeoClient
{
    /// <summary>
    /// Every check a submission gets, in one round so one refusal names every broken rule: the
    /// options, the declared parameter rules, and the job type's own checks (paths, EPSG codes, what
    /// GDAL supports), which run on the parameters that kept their declared rules
    /// (<see cref="SubmissionChecks"/>). Writes nothing. Submit, what-if, run and Invoke-GeoJob take
    /// what it returns, so each submission is checked exactly once.
    /// </summary>
    /// <returns>The job id, the validated parameters and the plan (<see cref="PreparedSubmission"/>).</returns>
    /// <exception cref="GeoValidationException">An option or parameter breaks a rule, or the job type is unknown; every broken rule is listed.</exception>
    /// <exception cref="GeoConfigurationException">The job type's checks need a tool this machine lacks (GDAL).</exception>
    public PreparedSubmission PrepareSubmission(string jobType, JsonObject? parameters, SubmitOptions? options = null)
    {
        options ??= SubmitOptions.Default;
        var errors = new List<ValidationError>();
        options.AddProblems(errors);
        JobDefinition definition;
        try
        {
            definition = Registry.GetJob(jobType);
        }
        catch (GeoValidationException e) when (errors.Count > 0)
        {
            throw new GeoValidationException([.. errors, .. e.Errors]);
        }
        var optionErrors = errors.Count;
        var validated = ParameterValidator.Collect(definition.Schema, parameters, definition.Name, errors);
        errors.AddRange(SubmissionChecks.OfJobType(definition, validated, errors.Skip(optionErrors).ToList()));
        if (errors.Count > 0) throw new GeoValidationException(errors);
        return new PreparedSubmission(definition, validated, options);
    }

    /// <summary>
    /// Submits a prepared submission, checking nothing again. The same job type and parameters (and
    /// run key) are the same request, and submitting it again returns its latest run:
    /// <see cref="SubmitResult.Created"/> tells whether this call created it.
    /// <see cref="SubmitOptions.Force"/> starts a new run instead (see <see cref="SubmitRunAsync"/>).
    /// </summary>
    /// <remarks>
    /// Traced as a <see cref="GeoTracing.SubmitSpan"/> span when something listens; the job a call
    /// creates is stored with the current trace context (<see cref="JobTraceContext.Capture"/>: that
    /// span, or the caller's own), the parent of every span of the job in every worker.
    /// </remarks>
    /// <exception cref="GeoConflictException">Forced while the request's latest run is still queued or processing.</exception>
    public async Task<SubmitResult> SubmitAsync(PreparedSubmission submission, CancellationToken cancellationToken = default)
    {
        var options = submission.Options;
        // Under the current span, or else under the trace the process was started in (a pipeline's TRACEPARENT).
        using var span = GeoTracing.Source.StartActivity(GeoTracing.SubmitSpan, ActivityKind.Producer,
            Activity.Current is null && JobTraceContext.ProcessParent is { } parent ? parent : default);
        span?.SetTag(GeoTraceTags.JobType, submission.Definition.Name);
        var trace = JobTraceContext.Capture();
        try
        {
            var result = await SubmitRunAsync(submission.JobId, options.Force,
                run => submission.Run(run) with { TraceParent = trace.TraceParent, TraceState = trace.TraceState }, cancellationToken);
            span?.SetTag(GeoTraceTags.JobId, result.Job.JobId);
            span?.SetTag(GeoTraceTags.Created, result.Created);
            return result.Created ? result : result with { IgnoredOptions = options.IgnoredBy(result.Job) };
        }
        catch (Exception e)
        {
            EngineSpans.Error(span, e);
            throw;
        }
    }

    /// <summary>
    /// The latest run of a request (by its whole id, as <see cref="PreparedSubmission.JobId"/> gives
    /// it), as the store has it now; null when the request has no run (nothing was submitted).
    /// </summary>
    public Task<JobRecord?> FindLatestRunAsync(string requestId, CancellationToken cancellationToken = default) =>
        Store.JobLatestRunAsync(new Store.JobLatestRunParams(requestId), cancellationToken);
}
