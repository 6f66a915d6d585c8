using System.CommandLine;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// <c>geoorch retention get</c> and <c>geoorch retention set [--completed AGE] [--completed-with-errors AGE]
/// [--failed AGE] [--cancelled AGE]</c>: the store's retention policy, how long an ended job of each status is
/// kept after it ended (<c>forever</c>: never removed). Workers apply it at their next prune pass.
/// </summary>
internal static class RetentionCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("retention", "Show or change how long ended jobs are kept, per status (the janitor removes older ones).");
        var get = new Command("get", "Show the store's retention policy.");
        get.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            Write(session, await client.GetRetentionAsync(ct));
            return ExitCodes.Success;
        }));
        command.Add(get);
        command.Add(Set(options));
        return command;
    }

    private static Command Set(GlobalOptions options)
    {
        var settings = RetentionRules.Statuses.Select(s => (Status: s, Option: new Option<string?>("--" + StatusNames.ToName(s).Replace('_', '-'))
        {
            Description = $"How long {StatusNames.ToName(s)} jobs are kept after they ended: 30d, 12h, 0 (removed at the next prune), ... or forever.",
        })).ToList();
        var set = new Command("set", "Change the retention of the statuses given; the others keep theirs.");
        foreach (var (_, option) in settings) set.Add(option);
        set.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var changes = settings.Where(s => parse.GetValue(s.Option) is not null)
                .Select(s => new RetentionChange(s.Status, RetentionDuration.ParseSetting(parse.GetValue(s.Option)!, s.Option.Name)))
                .ToList();
            if (changes.Count == 0)
                throw new Errors.GeoValidationException("retention", "required",
                    "retention set: give at least one of --completed, --completed-with-errors, --failed, --cancelled.");
            Write(session, await client.SetRetentionAsync(changes, ct));
            return ExitCodes.Success;
        }));
        return set;
    }

    private static void Write(CliSession session, RetentionPolicy policy)
    {
        if (session.Json)
        {
            var json = new JsonArray();
            foreach (var s in policy.Settings)
                json.Add(new JsonObject
                {
                    ["status"] = StatusNames.ToName(s.Status),
                    ["keepForSeconds"] = s.KeepFor is { } k ? k.TotalSeconds : null,
                    ["keepFor"] = RetentionDuration.Format(s.KeepFor),
                    ["updated"] = s.Updated.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                });
            JsonOutput.Write(session.Out, json);
            return;
        }
        TableOutput.Columns(session.Out, ["STATUS", "KEEP FOR", "UPDATED"],
            policy.Settings.Select(s => new[] { StatusNames.ToName(s.Status), RetentionDuration.Format(s.KeepFor), TableOutput.Time(s.Updated) }));
    }
}
