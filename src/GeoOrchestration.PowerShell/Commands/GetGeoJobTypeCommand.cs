using System.Management.Automation;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Output;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>Lists the registered job types with their stages and parameter schemas. Needs no database.</summary>
[Cmdlet(VerbsCommon.Get, "GeoJobType")]
[OutputType(typeof(GeoJobType))]
public sealed class GetGeoJobTypeCommand : GeoCmdlet
{
    /// <summary>Names of job types; wildcards are accepted. Default: all.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("JobType")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobTypeCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        // The registry is the module's own: no connection is resolved or opened.
        var all = GeoClient.DescribeJobTypes(ConnectionCache.Registry);
        foreach (var name in Name ?? ["*"])
        {
            ForItem(name, () =>
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var found = all.Where(t => pattern.IsMatch(t.Name)).ToList();
                // A literal name that matches nothing is an error, as Get-Command's is; a pattern is not.
                if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    ConnectionCache.Registry.GetJob(name);
                foreach (var type in found) WriteObject(GeoJobType.From(type));
            });
        }
    }
}
