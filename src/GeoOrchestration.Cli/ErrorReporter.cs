using GeoOrchestration.Errors;

namespace GeoOrchestration.Cli;

/// <summary>The one mapping from engine exceptions to a one-line message and an exit code.</summary>
public static class ErrorReporter
{
    public static int Report(Exception exception, TextWriter error, bool verbose)
    {
        var (code, message) = exception switch
        {
            GeoValidationException v => (ExitCodes.InvalidInput, v.Message),
            GeoNotFoundException n => (ExitCodes.NotFound, n.Message),
            GeoStoreUnavailableException u => (ExitCodes.Unavailable, u.Message),
            GeoTimeoutException t => (ExitCodes.Timeout, t.Message),
            GeoConfigurationException c => (ExitCodes.Configuration, c.Message),
            OperationCanceledException => (ExitCodes.Cancelled, "Cancelled."),
            _ => (ExitCodes.Unexpected, $"Unexpected error: {exception.GetType().Name}: {exception.Message}"),
        };
        error.WriteLine($"geoorch: {OneLine(message)}");
        if (verbose) error.WriteLine(exception.ToString());
        return code;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
