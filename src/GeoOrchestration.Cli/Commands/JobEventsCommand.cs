using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// <c>geoorch job events ID [--follow] [--kind K]... [--stage N]</c>: a job's audit trail, oldest first.
/// A listing is a table (or, with <c>--output json</c>, one JSON array); following writes each event
/// as it comes, a fixed-width table line (or one compact JSON object per line), until the job ends.
/// </summary>
public static class JobEventsCommand
{
    public static Command Create(GlobalOptions options)
    {
        var id = new Argument<string>("ID") { Description = "The job id (or a unique prefix of 8 or more characters)." };
        var kind = new Option<string[]>("--kind")
        {
            Description = $"Only events of this kind (repeatable): {string.Join(", ", JobEventKinds.AllNames)}.",
            AllowMultipleArgumentsPerToken = false,
        };
        var stage = new Option<int?>("--stage") { Description = "Only events of this stage (job-level events are left out)." }.AsWholeNumber();
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep writing new events as they are written until the job ends (JSON lines with --output json); Ctrl+C stops following, the job goes on.",
        };
        var command = new Command("events", "Show a job's audit trail, oldest first: submitted, stages planned and completed, retries with their errors, " +
            "tasks failed for good, lease expiries, the cancel with its reason, the end.") { id, kind, stage, follow };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var query = new JobEventQuery(parse.GetValue(id)!)
            {
                Kinds = parse.GetValue(kind) is { Length: > 0 } names ? names.Select(ParseKind).Distinct().ToList() : null,
                Stage = parse.GetValue(stage),
                Follow = parse.GetValue(follow),
            };
            var events = client.EnumerateJobEventsAsync(query, ct);
            if (query.Follow) await FollowAsync(session, events, ct);
            else if (session.Json) await StreamedOutput.JsonArrayAsync(session.Out, events, Json, ct);
            else await StreamedOutput.TableAsync(session.Out, Headers, events.Select(Row), ct);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static readonly string[] Headers = ["TIME", "STAGE", "KIND", "MESSAGE"];

    /// <summary>Fixed widths, so a line goes out the moment its event is read (a listing's table sizes itself from its rows).</summary>
    private static readonly int[] FollowWidths = [23, 5, 17, 0];

    private static async Task FollowAsync(CliSession session, IAsyncEnumerable<JobEvent> events, CancellationToken cancellationToken)
    {
        if (!session.Json) await session.Out.WriteLineAsync(Line(Headers));
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            await session.Out.WriteLineAsync(session.Json ? Json(e).ToJsonString() : Line(Row(e)));
            await session.Out.FlushAsync(cancellationToken);
        }
    }

    private static string Line(string[] cells) =>
        string.Join("  ", cells.Select((c, i) => FollowWidths[i] == 0 ? c : i == 1 ? c.PadLeft(FollowWidths[i]) : c.PadRight(FollowWidths[i]))).TrimEnd();

    private static string[] Row(JobEvent e) =>
    [
        e.OccurredAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        e.Stage?.ToString(CultureInfo.InvariantCulture) ?? "",
        JobEventKinds.ToName(e.Kind),
        JobEventMessages.Describe(e),
    ];

    /// <summary>An event as <c>--output json</c> writes it: the fields of Get-GeoJobEvent's objects, in camelCase.</summary>
    internal static JsonObject Json(JobEvent e) => new()
    {
        ["id"] = e.Id,
        ["jobId"] = e.JobId,
        ["time"] = e.OccurredAt,
        ["stage"] = e.Stage,
        ["kind"] = JobEventKinds.ToName(e.Kind),
        ["taskId"] = e.Detail?["task"]?.DeepClone(),
        ["message"] = JobEventMessages.Describe(e),
        ["detail"] = e.Detail?.DeepClone(),
    };

    private static JobEventKind ParseKind(string text) =>
        JobEventKinds.TryParse(text, out var kind) ? kind
            : throw new GeoValidationException("kind", "allowed", $"'--kind' must be one of {string.Join(", ", JobEventKinds.AllNames)}; got '{text}'.");
}
