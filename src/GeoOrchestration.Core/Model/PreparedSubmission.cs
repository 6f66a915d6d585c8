using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Identity;
using GeoOrchestration.Store;

namespace GeoOrchestration.Model;

/// <summary>
/// A submission checked once and ready to write (<see cref="GeoClient.PrepareSubmission"/>): its job
/// id, its parameters as validated (defaults filled in) and its plan. Submitting or running it
/// (<see cref="GeoClient.SubmitAsync(PreparedSubmission, CancellationToken)"/>,
/// <see cref="GeoClient.RunAsync"/>) checks nothing again, so a job type whose checks ask the
/// machine (paths, GDAL) asks once per submission, and <c>-WhatIf</c> shows the id the submission gets.
/// </summary>
public sealed class PreparedSubmission
{
    private readonly JsonObject _parameters;

    internal PreparedSubmission(JobDefinition definition, JsonObject validated, SubmitOptions options)
    {
        Definition = definition;
        _parameters = validated;
        Options = options;
        JobId = JobIdentity.JobId(definition.Name, validated, options.RunKey);
        Stages = definition.StagesOf(validated).Count;
    }

    internal JobDefinition Definition { get; }

    /// <summary>The registered name of the job type.</summary>
    public string JobType => Definition.Name;

    /// <summary>
    /// The id of the request: the job id of its first run, which a submission without
    /// <see cref="SubmitOptions.Force"/> returns or creates (a forced run gets an id of its own, see
    /// <see cref="JobIdentity.RunJobId"/>).
    /// </summary>
    public string JobId { get; }

    /// <summary>The parameters as validated, with the job type's defaults filled in; a copy each time it is read.</summary>
    public JsonObject Parameters => (JsonObject)_parameters.DeepClone();

    /// <summary>The options it is submitted with (run key, timeouts, force), checked.</summary>
    public SubmitOptions Options { get; }

    /// <summary>How many stages the job runs, as planned for these parameters.</summary>
    public int Stages { get; }

    /// <summary>What the store is asked to write for run <paramref name="run"/> of this request.</summary>
    internal JobSubmitParams Run(int run) => new(JobIdentity.RunJobId(JobId, run), Definition.Name, _parameters, Stages,
        Options.TaskTimeout ?? Definition.TaskTimeout, Options.JobTimeout ?? Definition.JobTimeout, JobId, run);
}
