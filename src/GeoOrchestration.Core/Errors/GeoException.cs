namespace GeoOrchestration.Errors;

/// <summary>
/// Root of the engine's exception taxonomy. Front ends (cmdlets, the executable) map each
/// subclass to one error category and one exit code, so every failure a user sees is classified.
/// </summary>
public abstract class GeoException : Exception
{
    protected GeoException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>A stable PascalCase identifier, used as the PowerShell error id.</summary>
    public abstract string ErrorId { get; }
}
