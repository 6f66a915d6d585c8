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

    public static GeoErrorCategory CategoryOf(Exception exception) => exception switch
    {
        GeoException geo => geo.Category,
        OperationCanceledException => GeoErrorCategory.Cancelled,
        _ => GeoErrorCategory.Internal,
    };

    public static string ErrorIdOf(Exception exception) => exception switch
    {
        GeoException geo => geo.ErrorId,
        OperationCanceledException => CancelledId,
        _ => UnexpectedId,
    };

    /// <summary>The category as machine output spells it: <c>validation</c>, <c>not_found</c>, ...</summary>
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
