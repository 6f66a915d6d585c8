using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Completion;

/// <summary>Completes <c>-JobType</c> with the registered job types, each with its description as the tooltip.</summary>
public sealed class JobTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        return ConnectionCache.Registry.JobTypes
            .Where(j => j.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(j => j.Name, StringComparer.Ordinal)
            .Select(j => new CompletionResult(j.Name, j.Name, CompletionResultType.ParameterValue,
                string.IsNullOrEmpty(j.Description) ? j.Name : j.Description));
    }
}
