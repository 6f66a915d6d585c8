using System.CommandLine;

namespace GeoOrchestration.Cli.Commands;

public static class RunCommand
{
    public static Command Create(GlobalOptions options)
    {
        var parameters = new ParameterOptions();
        var worker = new WorkerOptionsBinder();
        var command = new Command("run", "Submit a job and run an in-process worker until it ends: the one-command demo. Deploys the schema first if needed.");
        parameters.AddTo(command);
        worker.AddTo(command);
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var timeout = parameters.GetTimeout(parse);
            // Idempotent and lock-protected, so the demo works on an empty database and is a no-op otherwise.
            await client.DeploySchemaAsync(dryRun: false, ct);
            var jobParameters = client.ParseParameters(parse.GetValue(parameters.JobType)!, parse.GetValue(parameters.Json), parse.GetValue(parameters.Pairs));
            var (submission, job) = await client.RunAsync(parse.GetValue(parameters.JobType)!, jobParameters, worker.Bind(parse), timeout, ct,
                parameters.GetSubmitOptions(parse));
            return JobResult.Write(session, submission with { Job = job });
        }));
        return command;
    }
}
