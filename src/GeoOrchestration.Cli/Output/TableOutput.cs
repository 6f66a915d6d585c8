using GeoOrchestration.Hosting;
using System.Globalization;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Output;

/// <summary>The human-readable forms of the command output: aligned columns and key/value blocks.</summary>
public static class TableOutput
{
    /// <summary>A job with its progress (as every view shows it: <see cref="JobProgress.ToString"/>).</summary>
    /// <param name="more">Rows after the job's own (what waits undispatched under Service Bus), or null.</param>
    public static void Job(TextWriter output, JobProgress progress, IReadOnlyList<(string Key, string Value)>? more = null) =>
        Job(output, progress.Job, progress, more);

    public static void Job(TextWriter output, JobRecord job) => Job(output, job, null);

    private static void Job(TextWriter output, JobRecord job, JobProgress? progress, IReadOnlyList<(string Key, string Value)>? more = null)
    {
        var rows = new List<(string, string)>
        {
            ("Job id", job.JobId),
            ("Type", job.JobType),
            ("Status", StatusNames.ToName(job.Status)),
            ("Stage", $"{job.Stage} of {job.TotalStages}"),
            ("Run", $"{job.Run} of request {job.RequestId}"),
            ("Trace id", job.TraceId ?? "-"),
            ("Parameters", job.Parameters.ToJsonString()),
            ("Created", Time(job.Created)),
            ("Completed", job.Completed is { } c ? Time(c) : "-"),
        };
        if (progress is not null) rows.Insert(4, ("Progress", progress.ToString()));
        // Retention has begun removing it: it reads as it ended until its last batch takes the row.
        if (job.RemovingAt is { } removing) rows.Add(("Removing since", Time(removing)));
        if (job.TaskTimeout is { } taskTimeout) rows.Add(("Task timeout", DurationText.Format(taskTimeout)));
        if (job.JobTimeout is { } jobTimeout) rows.Add(("Job timeout", DurationText.Format(jobTimeout)));
        if (job.Result is not null) rows.Add(("Result", job.Result.ToJsonString()));
        if (job.Error is not null) rows.Add(("Error", job.Error));
        if (more is not null) rows.AddRange(more);
        var width = rows.Max(r => r.Item1.Length);
        foreach (var (key, value) in rows) output.WriteLine($"{key.PadRight(width)}  {value}");
    }

    /// <summary>Jobs, one line each, with their progress as every view shows it (<see cref="JobProgress.ToString"/>).</summary>
    public static void Jobs(TextWriter output, IEnumerable<JobProgress> jobs) =>
        Columns(output, ["JOB ID", "TYPE", "STATUS", "STAGE", "PROGRESS", "CREATED"],
            jobs.Select(p => new[] { p.Job.JobId[..16], p.Job.JobType, StatusNames.ToName(p.Job.Status), $"{p.Job.Stage}/{p.Job.TotalStages}", p.ToString(), Time(p.Job.Created) }),
            rightAligned: [4]);

    /// <summary>
    /// A job's tasks, written as they arrive (<see cref="StreamedOutput.TableAsync"/>), with a WORKER column (a running
    /// task's lease owner, as <c>geoorch workers</c> lists it) where lines have room for it: written to a file or a
    /// pipe, or to a terminal of at least <see cref="WideTerminal"/> columns; narrower, the error keeps that room
    /// (<c>--output json</c> always has <c>worker</c> and <c>workerHost</c>).
    /// </summary>
    public static Task TasksAsync(TextWriter output, IAsyncEnumerable<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        var worker = TerminalFit.WidthOf(output) is not { } width || width >= WideTerminal;
        // As Get-GeoTask's table: the error's message (its first line), not its type; the task type is in --output json.
        string[] headers = worker ? ["TASK ID", "STAGE", "STATUS", "ATTEMPTS", "PROGRESS", "WORKER", "ERROR"]
            : ["TASK ID", "STAGE", "STATUS", "ATTEMPTS", "PROGRESS", "ERROR"];
        return StreamedOutput.TableAsync(output, headers,
            tasks.Select(t =>
            {
                var error = FirstLine(t.ErrorMessage ?? t.ErrorType) is not { } first ? "" : t.NextAttemptAt is { } next ? $"{first} (retry at {Time(next)})" : first;
                var progress = t.ProgressPercent is { } p ? Math.Round(p, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%" : "";
                string[] cells = [t.TaskId, t.Stage.ToString(CultureInfo.InvariantCulture), StatusNames.ToName(t.Status), $"{t.Attempts}/{t.MaxAttempts}", progress];
                string[] row = worker ? [.. cells, t.LeaseOwner ?? "", error] : [.. cells, error];
                return row;
            }), cancellationToken);
    }

    /// <summary>The terminal width from which <c>job tasks</c> has a WORKER column: the classic wide terminal.</summary>
    public const int WideTerminal = 132;

    private static string? FirstLine(string? text) => text?.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>Job types as the engine describes them (<see cref="JobTypeInfo"/>), in the order given.</summary>
    public static void JobTypes(TextWriter output, IEnumerable<JobTypeInfo> jobs)
    {
        foreach (var job in jobs)
        {
            output.WriteLine($"{job.Name}: {job.Description}");
            output.WriteLine($"  default timeouts: task {Limit(job.TaskTimeout)}, job {Limit(job.JobTimeout)}");
            output.WriteLine("  stages:");
            foreach (var stage in job.Stages)
                output.WriteLine($"    {stage.Number}. {stage.Name} ({stage.Kind}, task type {stage.TaskType}, " +
                                 $"at most {stage.MaxAttempts} attempt(s) per task)");
            output.WriteLine("  parameters:");
            foreach (var p in job.Parameters)
            {
                var rules = new List<string> { p.KindName, p.Required ? "required" : "optional" };
                if (p.Default is not null) rules.Add($"default {p.Default.ToJsonString()}");
                if (p.Minimum is not null || p.Maximum is not null) rules.Add($"range {p.Minimum?.ToString(CultureInfo.InvariantCulture) ?? ""}..{p.Maximum?.ToString(CultureInfo.InvariantCulture) ?? ""}");
                if (p.MinItems is not null || p.MaxItems is not null) rules.Add($"items {p.MinItems}..{p.MaxItems}");
                var each = p.Kind == Parameters.ParameterKind.StringArray ? "each " : "";
                if (p.MinLength is not null || p.MaxLength is not null) rules.Add($"{each}length {p.MinLength}..{p.MaxLength}");
                if (p.Allowed is not null) rules.Add($"{each}one of {string.Join("|", p.Allowed)}");
                if (p.ExclusiveWith is not null) rules.Add($"not with {string.Join(", ", p.ExclusiveWith)}");
                output.WriteLine($"    {p.Name} ({string.Join(", ", rules)}){(p.Description is null ? "" : ": " + p.Description)}");
            }
        }
    }

    public static void Deploy(TextWriter output, SchemaDeployResult result, GeoConnection store)
    {
        output.WriteLine($"Store: {store}");
        foreach (var m in result.Migrations)
            output.WriteLine($"{m.Name}: {(m.Applied ? "already applied" : result.DryRun ? "pending" : "applied")}");
        var pending = result.Pending.Count();
        output.WriteLine(result.DryRun
            ? $"Schema '{result.Schema}': {pending} migration(s) would be applied (dry run, nothing changed)."
            : $"Schema '{result.Schema}' is up to date ({pending} migration(s) applied now).");
    }

    /// <summary>Aligned columns, fitted to the terminal when written to one (<see cref="TerminalFit"/>).</summary>
    internal static void Columns(TextWriter output, string[] headers, IEnumerable<string[]> rows, int[]? rightAligned = null)
    {
        var all = rows.ToList();
        var widths = TerminalFit.Fit(headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray(),
            TerminalFit.WidthOf(output));
        string[] Align(string[] cells) =>
            cells.Take(widths.Length).Select((c, i) => rightAligned?.Contains(i) == true ? c.PadLeft(widths[i]) : c).ToArray();
        output.WriteLine(TerminalFit.Line(Align(headers), widths));
        foreach (var row in all)
            output.WriteLine(TerminalFit.Line(Align(row), widths));
    }

    /// <summary>Local time with its offset from UTC, so a time read off one machine means the same on another.</summary>
    internal static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Limit(TimeSpan? limit) =>
        limit is { } l ? $"{l.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" : "none";
}
