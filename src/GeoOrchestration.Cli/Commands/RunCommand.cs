using System.CommandLine;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;

namespace GeoOrchestration.Cli.Commands;

public static class RunCommand
{
    public static Command Create(GlobalOptions options)
    {
        var parameters = new ParameterOptions();
        var worker = new WorkerOptionsBinder();
        var deploy = new Option<bool>("--deploy")
        {
            Description = "Deploy the schema first (create the store, or bring it up to date). Without it only the embedded default file is created; " +
                "a missing file named by --connection / GEO_CONNECTION or a missing PostgreSQL schema is refused.",
        };
        var transport = new TransportOptionsBinder();
        var command = new Command("run", "Submit a job and run an in-process worker until it ends: the one-command demo. " +
            "Creates the embedded default store if needed; --deploy deploys any other.");
        parameters.AddTo(command);
        worker.AddTo(command);
        command.Add(deploy);
        transport.AddTo(command);
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var timeout = parameters.GetTimeout(parse);
            var jobType = parse.GetValue(parameters.JobType)!;
            var jobParameters = client.ParseParameters(jobType, parse.GetValue(parameters.Json), parse.GetValue(parameters.Pairs));
            // Bad input is refused before anything is written, the schema included; checked once, here.
            var (workerOptions, submitOptions) = (worker.Bind(parse), parameters.GetSubmitOptions(parse));
            var prepared = client.PrepareSubmission(jobType, jobParameters, submitOptions);
            workerOptions.Validate();
            // Idempotent and lock-protected, so the demo works on a fresh machine. Only the embedded default
            // (or --deploy) creates a store: a typo in a path or GEO_SCHEMA must not become a new, empty one.
            if (parse.GetValue(deploy) || session.Connection!.CreatesStore) await client.DeploySchemaAsync(dryRun: false, ct);
            // PostgreSQL is checked before the submission: a missing or out-of-date schema refused at once,
            // naming the deploy. An existing SQLite file upgrades itself; a missing one is refused by its first use.
            else if (!session.Connection.IsEmbedded) await client.CheckSchemaAsync(ct);
            try
            {
                var run = await client.RunAsync(prepared, new RunOptions { Worker = workerOptions, Timeout = timeout }, ct);
                if (run.TimedOut is { } late) throw late;
                return JobResult.Write(session, run.Submission, run.Job);
            }
            catch (OperationCanceledException e) when (ct.IsCancellationRequested)
            {
                // A forced run is a job of its own: the request's latest run is the one this command submitted.
                throw Interrupted(await client.FindLatestRunAsync(prepared.JobId, CancellationToken.None), e);
            }
        }, transport: transport));
        return command;
    }

    /// <summary>What a stop before the job ended means for the job, as one line that says how to finish it.</summary>
    private static Exception Interrupted(JobRecord? job, OperationCanceledException stop)
    {
        if (job is null) return stop; // stopped before it was submitted: nothing goes on
        if (job.Status.IsTerminal()) return stop;
        var jobId = job.JobId;
        return new JobInterruptedException(
            $"Stopped before job {jobId} ended; it is still {StatusNames.ToName(job.Status)}, its unfinished tasks handed back. " +
            $"Run the same command again to finish it, or start 'geoorch worker' and follow it with 'geoorch job get {jobId[..16]}'.", jobId);
    }
}
