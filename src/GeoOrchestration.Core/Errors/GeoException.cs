namespace GeoOrchestration.Errors;

/// <summary>
/// Root of the engine's exception taxonomy. Every subclass has a <see cref="Category"/> that front
/// ends (cmdlets, the executable) map to one error category and one exit code, and a stable
/// <see cref="ErrorId"/>, so every failure a user sees is classified. Messages name no front end's
/// commands: each front end adds its own hint.
/// </summary>
public abstract class GeoException : Exception
{
    /// <summary>An engine error with its message.</summary>
    /// <param name="message">A sentence for people, naming no front end's command.</param>
    /// <param name="inner">The exception that caused it, if any.</param>
    protected GeoException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>A stable PascalCase identifier, used as the PowerShell error id and in <c>--output json</c> errors.</summary>
    public abstract string ErrorId { get; }

    /// <summary>What kind of failure this is; decides exit code and PowerShell error category.</summary>
    public abstract GeoErrorCategory Category { get; }
}
