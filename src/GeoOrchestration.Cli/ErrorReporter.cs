using GeoOrchestration.Cli.Output;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Cli;

/// <summary>
/// The one mapping from exceptions to what the executable prints and returns: an exit code by
/// error category, one line on stderr (the stack only with --verbose) and, with --output json, an
/// error object on stdout carrying the stable error id and category.
/// </summary>
public static class ErrorReporter
{
    /// <summary>Error id of a command line the parser refused (unknown option, malformed option value).</summary>
    public const string UsageErrorId = "InvalidUsage";

    public static int Report(Exception exception, TextWriter error, bool verbose, TextWriter? json = null)
    {
        var category = GeoErrors.CategoryOf(exception);
        var message = category switch
        {
            GeoErrorCategory.Internal => $"Unexpected error: {exception.GetType().Name}: {exception.Message}",
            // A bare stop says no more; a stopped job says how it goes on.
            GeoErrorCategory.Cancelled => exception is JobInterruptedException ? exception.Message : "Cancelled.",
            _ => exception.Message + Hint(exception),
        };
        message = OneLine(message);
        error.WriteLine($"geoorch: {message}");
        if (verbose) error.WriteLine(exception.ToString());
        if (json is not null)
            JsonOutput.Write(json, JsonOutput.Error(GeoErrors.ErrorIdOf(exception), category, message,
                (exception as GeoValidationException)?.Errors, Target(exception)));
        return ExitCodes.For(category);
    }

    /// <summary>Engine messages name no front end's commands; this front end adds its own where one helps.</summary>
    private static string Hint(Exception exception) => exception is GeoConfigurationException
    {
        ErrorId: GeoConfigurationException.SchemaNotDeployedId or GeoConfigurationException.SchemaOutOfDateId,
    }
        ? " Use 'geoorch schema deploy' (with the same --connection and --schema), or 'geoorch run --deploy'."
        : "";

    private static string? Target(Exception exception) => exception switch
    {
        GeoNotFoundException n => n.Id,
        GeoConflictException c => c.Target,
        _ => null,
    };

    /// <summary>One line whatever the message holds: scripts and log collectors read stderr line by line.</summary>
    public static string OneLine(string text) => string.Join(' ',
        text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
