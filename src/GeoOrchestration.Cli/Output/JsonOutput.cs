using GeoOrchestration.Hosting;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Progress;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Output;

/// <summary>The machine-readable shapes of --output json (camelCase, statuses by name). Part of the contract the cmdlets mirror.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(TextWriter output, JsonNode node) => output.WriteLine(node.ToJsonString(Indented));

    public static JsonObject Job(JobRecord job) => new()
    {
        ["jobId"] = job.JobId,
        ["jobType"] = job.JobType,
        ["status"] = StatusNames.ToName(job.Status),
        ["stage"] = job.Stage,
        ["totalStages"] = job.TotalStages,
        ["parameters"] = job.Parameters.DeepClone(),
        ["created"] = job.Created,
        ["updated"] = job.Updated,
        ["completed"] = job.Completed,
        ["deadline"] = job.Deadline,
        ["taskTimeoutSeconds"] = job.TaskTimeout?.TotalSeconds,
        ["jobTimeoutSeconds"] = job.JobTimeout?.TotalSeconds,
        ["result"] = job.Result?.DeepClone(),
        ["error"] = job.Error,
        ["requestId"] = job.RequestId,
        ["run"] = job.Run,
        // The W3C trace the job's spans share (null: none stored); when retention began removing the job (null: it has not).
        ["traceId"] = job.TraceId,
        ["removingAt"] = job.RemovingAt,
    };

    /// <summary>A job with its progress as Core defines it: <c>tasksDone</c> and <c>tasksTotal</c> (the current stage's; null while it is not planned) and <c>percentComplete</c>.</summary>
    public static JsonObject Job(JobProgress progress)
    {
        var job = Job(progress.Job);
        job["tasksDone"] = progress.TasksDone;
        job["tasksTotal"] = progress.TasksTotal;
        job["percentComplete"] = progress.Percent;
        return job;
    }

    /// <summary>
    /// A job with its progress and, under the Service Bus transport, what of it waits undispatched:
    /// <c>undispatched</c> = <c>{"count", "oldestSeconds"}</c> (null when the store has no outbox).
    /// </summary>
    public static JsonObject Job(JobProgress progress, OutboxBacklog? backlog)
    {
        var job = Job(progress);
        if (backlog is not null)
            job["undispatched"] = new JsonObject
            {
                ["count"] = backlog.Undispatched,
                ["oldestSeconds"] = backlog.OldestReadyFor?.TotalSeconds,
                ["waitsLong"] = UndispatchedWork.WaitsLong(backlog),
            };
        return job;
    }

    public static JsonObject Submission(SubmitResult submission)
    {
        // "created" is the job's creation time in every job object; whether this call created it is "isNew".
        var job = Job(submission.Job);
        job["isNew"] = submission.Created;
        // Options of this call the existing job does not have: it was returned unchanged.
        job["ignoredOptions"] = new JsonArray(submission.IgnoredOptions.Select(o => (JsonNode)new JsonObject
        {
            ["option"] = o.Option,
            ["requestedSeconds"] = o.Requested?.TotalSeconds,
            ["existingSeconds"] = o.Existing?.TotalSeconds,
        }).ToArray());
        return job;
    }

    /// <param name="task">The task as read.</param>
    /// <param name="workerHost">The host of the worker running it, from the worker registry; null when none runs it or it is not registered.</param>
    public static JsonObject Task(TaskRecord task, string? workerHost = null) => new()
    {
        ["taskId"] = task.TaskId,
        ["jobId"] = task.JobId,
        ["stage"] = task.Stage,
        ["taskKey"] = task.TaskKey,
        ["taskType"] = task.TaskType,
        ["status"] = StatusNames.ToName(task.Status),
        ["attempts"] = task.Attempts,
        ["maxAttempts"] = task.MaxAttempts,
        ["parameters"] = task.Parameters.DeepClone(),
        ["result"] = task.Result?.DeepClone(),
        ["errorType"] = task.ErrorType,
        ["errorMessage"] = task.ErrorMessage,
        ["nextAttempt"] = task.NextAttemptAt,
        ["progressPercent"] = task.ProgressPercent,
        ["progressMessage"] = task.ProgressMessage,
        ["leaseOwner"] = task.LeaseOwner,
        ["worker"] = task.LeaseOwner,
        ["workerHost"] = workerHost,
        ["leaseExpires"] = task.LeaseExpires,
        ["created"] = task.Created,
        ["started"] = task.Started,
        ["completed"] = task.Completed,
    };

    /// <summary>A job type as the engine describes it (<see cref="JobTypeInfo"/>, what Get-GeoJobType outputs).</summary>
    public static JsonObject JobType(JobTypeInfo job) => new()
    {
        ["name"] = job.Name,
        ["description"] = job.Description,
        ["taskTimeoutSeconds"] = job.TaskTimeout?.TotalSeconds,
        ["jobTimeoutSeconds"] = job.JobTimeout?.TotalSeconds,
        ["stages"] = new JsonArray(job.Stages.Select(s => (JsonNode)new JsonObject
        {
            ["number"] = s.Number,
            ["name"] = s.Name,
            ["kind"] = s.Kind,
            ["taskType"] = s.TaskType,
            ["maxAttempts"] = s.MaxAttempts,
        }).ToArray()),
        ["parameters"] = ParameterSchema.Describe(job.Parameters),
    };

    /// <summary>
    /// An error as --output json prints it on stdout (stderr still gets the one-line message):
    /// <c>{"error": {"id", "category", "message", "target"?, "fields"?}}</c>. The id and category are
    /// stable; "fields" lists each broken rule of a validation error.
    /// </summary>
    public static JsonObject Error(string id, GeoErrorCategory category, string message,
        IReadOnlyList<ValidationError>? fields = null, string? target = null)
    {
        var error = new JsonObject
        {
            ["id"] = id,
            ["category"] = GeoErrors.CategoryName(category),
            ["message"] = message,
        };
        if (target is not null) error["target"] = target;
        if (fields is not null)
            error["fields"] = new JsonArray(fields.Select(f => (JsonNode)new JsonObject
            {
                ["field"] = f.Field,
                ["rule"] = f.Rule,
                ["message"] = f.Message,
            }).ToArray());
        return new JsonObject { ["error"] = error };
    }

    public static JsonObject Deploy(SchemaDeployResult result, GeoConnection store) => new()
    {
        ["store"] = store.ToString(),
        ["storeKind"] = store.IsEmbedded ? "sqlite" : "postgresql",
        ["schema"] = result.Schema,
        ["dryRun"] = result.DryRun,
        ["migrations"] = new JsonArray(result.Migrations.Select(m => (JsonNode)new JsonObject
        {
            ["version"] = m.Version,
            ["name"] = m.Name,
            ["status"] = m.Applied ? "already_applied" : result.DryRun ? "pending" : "applied",
        }).ToArray()),
    };
}
