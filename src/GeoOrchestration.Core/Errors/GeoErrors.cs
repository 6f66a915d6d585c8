namespace GeoOrchestration.Errors;

/// <summary>
/// The category, stable id and snake_case names of any exception, so every front end describes an
/// error the same way: engine exceptions carry their own, anything else is <see cref="GeoErrorCategory.Internal"/>.
/// </summary>
public static class GeoErrors
{
    /// <summary>The error id of an exception that is not an engine error (a bug).</summary>
    public const string UnexpectedId = "Unexpected";

    /// <summary>The error id of an operation stopped by its caller.</summary>
    public const string CancelledId = "Cancelled";

    /// <summary>The category of any exception: an engine error's own, <see cref="GeoErrorCategory.Cancelled"/> for a cancellation, else <see cref="GeoErrorCategory.Internal"/>.</summary>
    /// <param name="exception">Any exception.</param>
    /// <returns>The category front ends map to an exit code or an <c>ErrorCategory</c>.</returns>
    public static GeoErrorCategory CategoryOf(Exception exception) => exception switch
    {
        GeoException geo => geo.Category,
        OperationCanceledException => GeoErrorCategory.Cancelled,
        _ => GeoErrorCategory.Internal,
    };

    /// <summary>The stable id of any exception: an engine error's own, <see cref="CancelledId"/> for a cancellation, else <see cref="UnexpectedId"/>.</summary>
    /// <param name="exception">Any exception.</param>
    /// <returns>A PascalCase id.</returns>
    public static string ErrorIdOf(Exception exception) => exception switch
    {
        GeoException geo => geo.ErrorId,
        OperationCanceledException => CancelledId,
        _ => UnexpectedId,
    };

    /// <summary>The category as machine output spells it: <c>validation</c>, <c>not_found</c>, ...</summary>
    /// <param name="category">A defined category.</param>
    /// <returns>The snake_case name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="category"/> is not a defined value.</exception>
    public static string CategoryName(GeoErrorCategory category) => category switch
    {
        GeoErrorCategory.Validation => "validation",
        GeoErrorCategory.NotFound => "not_found",
        GeoErrorCategory.Conflict => "conflict",
        GeoErrorCategory.Configuration => "configuration",
        GeoErrorCategory.Unavailable => "unavailable",
        GeoErrorCategory.Timeout => "timeout",
        GeoErrorCategory.Cancelled => "cancelled",
        GeoErrorCategory.Permanent => "permanent",
        GeoErrorCategory.Transient => "transient",
        GeoErrorCategory.Internal => "internal",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown error category."),
    };
}
