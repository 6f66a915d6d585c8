using System.CommandLine;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Model;

namespace GeoOrchestration.Cli.Commands;

public static class SubmitCommand
{
    public static Command Create(GlobalOptions options)
    {
        var parameters = new ParameterOptions();
        var wait = new Option<bool>("--wait") { Description = "Wait until the job ends; exit 6 unless it completed." };
        var transport = new TransportOptionsBinder();
        var command = new Command("submit", "Submit a job. Submitting the same type and parameters again returns the existing job (its latest run); --force starts a new run.");
        parameters.AddTo(command);
        command.Add(wait);
        transport.AddTo(command);
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var timeout = parameters.GetTimeout(parse);
            // Silently ignored, it would pass for the job's own limit.
            if (timeout is not null && !parse.GetValue(wait))
                throw new Errors.GeoValidationException("timeout", "requires",
                    "'--timeout' limits only --wait; add --wait, or give the job its own limit with --job-timeout.");
            var jobType = parse.GetValue(parameters.JobType)!;
            var prepared = client.PrepareSubmission(jobType,
                client.ParseParameters(jobType, parse.GetValue(parameters.Json), parse.GetValue(parameters.Pairs)),
                parameters.GetSubmitOptions(parse));
            var submission = await client.SubmitAsync(prepared, ct);
            if (!parse.GetValue(wait))
            {
                if (session.Json) JsonOutput.Write(session.Out, JsonOutput.Submission(submission));
                else session.Out.WriteLine($"{(submission.Created ? "Submitted" : "Already exists")}: {submission.Job.JobId} ({StatusNames.ToName(submission.Job.Status)}" +
                                           (submission.Job.Run > 1 ? $", run {submission.Job.Run} of request {submission.Job.RequestId[..16]})" : ")"));
                JobResult.WarnExisting(session, submission);
                return ExitCodes.Success;
            }
            JobResult.WarnExisting(session, submission);
            // A job that had ended is shown as it ended: nothing to wait for.
            if (!session.Json && (submission.Created || !submission.Job.Status.IsTerminal()))
                session.Error.WriteLine($"{(submission.Created ? "Submitted" : "Already exists")}: {submission.Job.JobId}; waiting...");
            var job = await client.WaitForJobAsync(submission.Job.JobId, timeout, ct);
            return JobResult.Write(session, submission, job, warned: true);
        }, transport: transport));
        return command;
    }
}
