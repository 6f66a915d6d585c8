using System.Management.Automation;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Lists the workers registered on the store (the worker registry): who is working, on which host and
/// process, what they can run and hold now, and when they last heartbeat. Lost workers (their heartbeats
/// stopped past their expiry) are listed with the state <c>Lost</c> until a janitor removes them.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoWorker")]
[OutputType(typeof(GeoWorker))]
public sealed class GetGeoWorkerCommand : GeoCmdlet
{
    /// <summary>
    /// Worker ids (a task's <c>Worker</c>); wildcards are accepted. Default: all. A literal id not registered is an error.
    /// From the pipeline by property name only (a task's Worker, a worker's WorkerId), as Get-Process -Id: bound by
    /// value, a task would be turned into its TaskId. Not named Id: a task's Id is its TaskId, and would bind instead.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Worker")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? WorkerId { get; set; }

    /// <summary>Only workers on these hosts; wildcards are accepted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ComputerName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? HostName { get; set; }

    /// <summary>Only workers in these states: <c>Running</c>, <c>Stopping</c>, <c>Lost</c>.</summary>
    [Parameter]
    [ValidateSet(nameof(WorkerState.Running), nameof(WorkerState.Stopping), nameof(WorkerState.Lost), IgnoreCase = true)]
    public string[]? State { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<WorkerRecord>? workers = null;
        // A store that cannot be read is one error for the call, not one per id.
        ForItem(null, () => workers = Run(token => Client.ListWorkersAsync(token)) ?? throw NoRegistry());
        if (workers is null) return;
        var hosts = (HostName ?? ["*"]).Select(h => new WildcardPattern(h, WildcardOptions.IgnoreCase)).ToList();
        var states = State?.Select(s => Enum.Parse<WorkerState>(s, ignoreCase: true)).ToHashSet();
        var selected = workers.Where(w => hosts.Any(h => h.IsMatch(w.Host)) && (states is null || states.Contains(w.State))).ToList();
        foreach (var id in WorkerId ?? ["*"])
        {
            ForItem(id, () =>
            {
                var pattern = new WildcardPattern(id, WildcardOptions.IgnoreCase);
                var found = selected.Where(w => pattern.IsMatch(w.WorkerId)).ToList();
                // A literal id that matches nothing is an error, as Get-Process -Id's is; a pattern is not.
                if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(id))
                    throw new Errors.GeoNotFoundException("Worker", id);
                foreach (var worker in found) WriteObject(GeoWorker.From(worker));
            });
        }
    }

    /// <summary>A store without a worker registry (none of the shipped stores): it cannot tell who is working.</summary>
    private static Errors.GeoConfigurationException NoRegistry() =>
        new("This store keeps no worker registry: it cannot tell which workers are running.");
}
