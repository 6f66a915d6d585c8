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
            var jobParameters = client.ParseParameters(parse.GetValue(parameters.JobType)!, parse.GetValue(parameters.Json), parse.GetValue(parameters.Pairs));
            // Bad input is refused before anything is written, the schema included.
            client.ComputeJobId(parse.GetValue(parameters.JobType)!, jobParameters);
            var (workerOptions, submitOptions) = (worker.Bind(parse), parameters.GetSubmitOptions(parse));
            workerOptions.Validate();
            submitOptions.Validate();
            // Idempotent and lock-protected, so the demo works on an empty database and is a no-op otherwise.
            await client.DeploySchemaAsync(dryRun: false, ct);
            var (submission, job) = await client.RunAsync(parse.GetValue(parameters.JobType)!, jobParameters, workerOptions, timeout, ct,
                submitOptions);
            return JobResult.Write(session, submission with { Job = job });
        }));
        return command;
    }
}
