using System.CommandLine;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Commands;

public static class JobCommand
{
    public static Command Create(GlobalOptions options) =>
        new("job", "Inspect, cancel, retry and remove jobs.") { Get(options), List(options), Tasks(options), JobEventsCommand.Create(options), Cancel(options), Retry(options), JobRemoveCommand.Create(options) };

    private static Command Cancel(GlobalOptions options)
    {
        var id = new Argument<string>("ID") { Description = "The job id." };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded as the job's error." };
        var command = new Command("cancel", "Cancel a queued or processing job: queued tasks at once, running ones at their next heartbeat.") { id, reason };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var outcome = await client.CancelJobAsync(parse.GetValue(id)!, parse.GetValue(reason), ct);
            WriteChange(session, outcome, $"Cancelled; {outcome.TasksAffected} queued task(s) cancelled.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Retry(GlobalOptions options)
    {
        var id = new Argument<string>("ID") { Description = "The job id." };
        var taskTimeout = new Option<double?>("--task-timeout")
        {
            Description = "Replace the job's task timeout: fail a task attempt that runs longer than this many seconds (default: keep the job's).",
        }.AsSeconds();
        var jobTimeout = new Option<double?>("--job-timeout")
        {
            Description = "Replace the job's job timeout: fail the job if it has not ended this many seconds after the retry (default: the job's, again from now).",
        }.AsSeconds();
        var command = new Command("retry",
            "Retry a job that ended failed, cancelled or completed_with_errors: what failed or was cancelled runs again with fresh attempts, " +
            "what completed keeps its result; after tolerated failures, the stages that follow them are planned again.") { id, taskTimeout, jobTimeout };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var retryOptions = new RetryOptions
            {
                TaskTimeout = parse.GetValue(taskTimeout) is { } task ? ParameterOptions.Seconds("task-timeout", task) : null,
                JobTimeout = parse.GetValue(jobTimeout) is { } job ? ParameterOptions.Seconds("job-timeout", job) : null,
            };
            var outcome = await client.RetryJobAsync(parse.GetValue(id)!, retryOptions, ct);
            WriteChange(session, outcome, RetrySummary(outcome));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>What a retry did, in words: what runs again, and for tolerated failures what is planned again.</summary>
    private static string RetrySummary(JobChangeOutcome outcome)
    {
        var job = outcome.Job!;
        if (outcome.ReopenedStage is not { } stage) return $"Retrying; {outcome.TasksAffected} task(s) queued again.";
        var later = stage < job.TotalStages
            ? $"; stage(s) {stage + 1}..{job.TotalStages} will be planned again from the new results ({outcome.TasksRemoved} earlier task(s) removed)"
            : "";
        return $"Retrying from stage {stage}: its {outcome.TasksAffected} failed task(s) queued again{later}, then the job is finalized again.";
    }

    private static void WriteChange(CliSession session, JobChangeOutcome outcome, string summary)
    {
        if (session.Json)
        {
            var job = JsonOutput.Job(outcome.Job!);
            job["tasksAffected"] = outcome.TasksAffected;
            if (outcome.ReopenedStage is not null || outcome.TasksRemoved > 0)
            {
                job["reopenedStage"] = outcome.ReopenedStage;
                job["tasksRemoved"] = outcome.TasksRemoved;
            }
            JsonOutput.Write(session.Out, job);
            return;
        }
        session.Out.WriteLine(summary);
        TableOutput.Job(session.Out, outcome.Job!);
    }

    private static Command Get(GlobalOptions options)
    {
        var id = new Argument<string>("ID") { Description = "The job id (64 hex characters)." };
        var transport = new TransportOptionsBinder();
        var command = new Command("get", "Show one job; under the Service Bus transport, also what of it waits undispatched.") { id };
        transport.AddTo(command);
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            // Under Service Bus, ready work that never reached it (Service Bus unreachable) waits in the store's outbox.
            var serviceBus = transport.Resolve(parse).IsServiceBus;
            var job = await client.GetJobProgressAsync(parse.GetValue(id)!, ct);
            var backlog = serviceBus ? await client.GetUndispatchedAsync(job.Job.JobId, ct) : null;
            if (backlog is not null && UndispatchedWork.WaitsLong(backlog))
                session.Error.WriteLine($"geoorch: job {job.Job.JobId[..16]}: {UndispatchedWork.Describe(backlog)}.");
            if (session.Json) JsonOutput.Write(session.Out, JsonOutput.Job(job, backlog));
            else TableOutput.Job(session.Out, job, backlog is { Undispatched: > 0 } ? [("Undispatched", UndispatchedWork.Describe(backlog))] : null);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List(GlobalOptions options)
    {
        var status = new Option<string?>("--status") { Description = $"Only jobs with this status ({string.Join(", ", StatusNames.JobStatusNames)})." };
        var type = new Option<string?>("--type") { Description = "Only jobs of this job type." };
        var limit = new Option<int>("--limit") { Description = $"At most this many jobs, newest first (1..{GeoClient.MaxListLimit}).", DefaultValueFactory = _ => 50 }.AsWholeNumber();
        var request = new Option<string?>("--request") { Description = "Only the runs of one request: its id, or the id (or a unique prefix) of any of its runs." };
        var command = new Command("list", "List jobs, newest first.") { status, type, limit, request };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            JobStatus? filter = null;
            if (parse.GetValue(status) is { } text)
                filter = StatusNames.TryParseJob(text, out var s) ? s
                    : throw new GeoValidationException("status", "allowed", $"'--status' must be one of {string.Join(", ", StatusNames.JobStatusNames)}; got '{text}'.");
            var requestId = parse.GetValue(request) is { } r ? await client.ResolveRequestIdAsync(r, ct) : null;
            var jobs = await client.GetJobProgressAsync(await client.ListJobsAsync(new JobListParams(filter, parse.GetValue(type), parse.GetValue(limit), RequestId: requestId), ct), ct);
            if (session.Json) JsonOutput.Write(session.Out, new JsonArray(jobs.Select(j => (JsonNode)JsonOutput.Job(j)).ToArray()));
            else TableOutput.Jobs(session.Out, jobs);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Tasks(GlobalOptions options)
    {
        var id = new Argument<string>("ID") { Description = "The job id." };
        var stage = new Option<int?>("--stage") { Description = "Only tasks of this stage." }.AsWholeNumber();
        var status = new Option<string?>("--status") { Description = $"Only tasks with this status ({string.Join(", ", StatusNames.TaskStatusNames)})." };
        var limit = new Option<int?>("--limit") { Description = "At most this many tasks (default: all)." }.AsWholeNumber();
        var after = new Option<string?>("--after") { Description = "Only tasks after this task id (the last one a previous page showed): the next page." };
        var command = new Command("tasks", "List a job's tasks in stage and plan order, written as they are read.") { id, stage, status, limit, after };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var query = new TaskQuery(parse.GetValue(id)!)
            {
                Stage = parse.GetValue(stage),
                Statuses = parse.GetValue(status) is { } text ? [ParseTaskStatus(text)] : null,
                First = parse.GetValue(limit) is { } n ? (n >= 1 ? n : throw new GeoValidationException("limit", "minimum", $"'--limit' must be at least 1; got {n}.")) : null,
                After = parse.GetValue(after),
            };
            var tasks = client.EnumerateTasksAsync(query, ct);
            // The hosts of the workers running tasks, from the worker registry: one read of a handful of rows.
            var hosts = (await client.ListWorkersAsync(ct) ?? []).ToDictionary(w => w.WorkerId, w => w.Host, StringComparer.Ordinal);
            if (session.Json) await StreamedOutput.JsonArrayAsync(session.Out, tasks,
                t => JsonOutput.Task(t, t.LeaseOwner is { } owner ? hosts.GetValueOrDefault(owner) : null), ct);
            else await TableOutput.TasksAsync(session.Out, tasks, ct);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static TaskRecordStatus ParseTaskStatus(string text) =>
        StatusNames.TryParseTask(text, out var status) ? status
            : throw new GeoValidationException("status", "allowed", $"'--status' must be one of {string.Join(", ", StatusNames.TaskStatusNames)}; got '{text}'.");
}
