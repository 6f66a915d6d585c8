using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Completion;

/// <summary>Completes <c>-Status</c> of a retention command with the ended statuses (the only ones retention applies to).</summary>
public sealed class EndedStatusCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        return RetentionRules.Statuses.Select(StatusNames.ToName)
            .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
