using System.CommandLine;

namespace GeoOrchestration.Cli.Commands;

public static class RunCommand
{
    public static Command Create(GlobalOptions options)
    {
        var parameters = new ParameterOptions();
        var worker = new WorkerOptionsBinder();
        var command = new Command("run", "Submit a job and run an in-process worker until it ends: the one-command demo.");
        parameters.AddTo(command);
        worker.AddTo(command);
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var timeout = parameters.GetTimeout(parse);
            var jobParameters = client.ParseParameters(parse.GetValue(parameters.JobType)!, parse.GetValue(parameters.Json), parse.GetValue(parameters.Pairs));
            var (submission, job) = await client.RunAsync(parse.GetValue(parameters.JobType)!, jobParameters, worker.Bind(parse), timeout, ct);
            return JobResult.Write(session, submission with { Job = job });
        }));
        return command;
    }
}
