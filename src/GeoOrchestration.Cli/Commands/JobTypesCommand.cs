using System.CommandLine;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;

namespace GeoOrchestration.Cli.Commands;

public static class JobTypesCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("job-types", "List the registered job types with their stages and parameters.");
        command.SetAction(parse => CliSession.RunOfflineAsync(parse, options, session =>
        {
            // The engine's description, as Get-GeoJobType outputs it; no store is opened.
            var jobs = GeoClient.DescribeJobTypes(CliSession.Registry);
            if (session.Json) JsonOutput.Write(session.Out, new JsonArray(jobs.Select(j => (JsonNode)JsonOutput.JobType(j)).ToArray()));
            else TableOutput.JobTypes(session.Out, jobs);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
