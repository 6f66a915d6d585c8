using System.CommandLine;
using GeoOrchestration.Cli.Output;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// <c>geoorch job remove ID</c>: deletes an ended job with its stages, tasks, events and work items.
/// Like every geoorch command it asks nothing (scripts and containers run it unattended; no command
/// of the CLI prompts): the id is the confirmation, and a queued or processing job is refused (exit
/// 8, conflict) with nothing deleted.
/// </summary>
internal static class JobRemoveCommand
{
    public static Command Create(GlobalOptions options)
    {
        var id = new Argument<string>("ID") { Description = "The job id (whole, or a unique prefix of 8 or more characters)." };
        var command = new Command("remove",
            "Delete an ended job with its stages, tasks and events, in one transaction, without asking; refused for a queued or processing job. " +
            "Other runs of its request stay, and so do files it wrote.") { id };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var outcome = await client.RemoveJobAsync(parse.GetValue(id)!, ct);
            var job = outcome.Job!;
            if (session.Json)
            {
                var removed = JsonOutput.Job(job);
                removed["removed"] = true;
                removed["tasksRemoved"] = outcome.TasksAffected;
                JsonOutput.Write(session.Out, removed);
            }
            else session.Out.WriteLine($"Removed: {job.JobId} ({job.JobType}, {Model.StatusNames.ToName(job.Status)}, run {job.Run}) with {outcome.TasksAffected} task(s), its stages and events.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
