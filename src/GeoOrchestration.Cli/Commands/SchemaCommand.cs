using System.CommandLine;
using GeoOrchestration.Cli.Output;

namespace GeoOrchestration.Cli.Commands;

public static class SchemaCommand
{
    public static Command Create(GlobalOptions options)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Report which migrations would be applied; change nothing." };
        var deploy = new Command("deploy", "Create or upgrade the schema (idempotent; safe to run from several deployers at once).") { dryRun };
        deploy.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var result = await client.DeploySchemaAsync(parse.GetValue(dryRun), ct);
            if (session.Json) JsonOutput.Write(session.Out, JsonOutput.Deploy(result, session.Connection!));
            else TableOutput.Deploy(session.Out, result, session.Connection!);
            return ExitCodes.Success;
        }));
        return new Command("schema", "Manage the database schema.") { deploy };
    }
}
