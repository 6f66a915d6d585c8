namespace GeoOrchestration.Errors;

/// <summary>
/// The engine cannot work as set up: a job type names a task type that has no handler, two
/// handlers claim one task type, the schema is not deployed or drifted, the database or login in
/// the connection does not exist. Retrying does not help until the setup changes.
/// </summary>
public sealed class GeoConfigurationException : GeoException
{
    /// <summary>Error id when no more specific one is given.</summary>
    public const string DefaultId = "InvalidConfiguration";
    /// <summary>The store's schema does not exist in the database.</summary>
    public const string SchemaNotDeployedId = "SchemaNotDeployed";
    /// <summary>The schema exists but lacks migrations this build needs.</summary>
    public const string SchemaOutOfDateId = "SchemaOutOfDate";
    /// <summary>The schema's recorded history differs from this build's migrations (edited, newer, malformed).</summary>
    public const string SchemaHistoryMismatchId = "SchemaHistoryMismatch";
    /// <summary>The database named by the connection does not exist on the server.</summary>
    public const string DatabaseNotFoundId = "DatabaseNotFound";
    /// <summary>The server refused the login (unknown role, wrong password, no permission to connect).</summary>
    public const string LoginRefusedId = "LoginRefused";
    /// <summary>The client could not set up the connection as configured (SSL, password, certificate).</summary>
    public const string ConnectionFailedId = "ConnectionFailed";
    /// <summary>The login may connect but lacks a privilege the engine needs.</summary>
    public const string PermissionDeniedId = "PermissionDenied";
    /// <summary>The store has gone bad for this process (its files were removed under it, or disk I/O errors persist): restart the process.</summary>
    public const string StoreBrokenId = "StoreBroken";

    /// <summary>A configuration error with the default id (<see cref="DefaultId"/>).</summary>
    /// <param name="message">What is wrong with the setup, and what would fix it.</param>
    /// <param name="inner">The exception that revealed it, if any.</param>
    public GeoConfigurationException(string message, Exception? inner = null) : this(DefaultId, message, inner) { }

    /// <summary>A configuration error with a specific id (one of the <c>*Id</c> constants).</summary>
    /// <param name="errorId">The stable PascalCase id, e.g. <see cref="SchemaNotDeployedId"/>.</param>
    /// <param name="message">What is wrong with the setup, and what would fix it.</param>
    /// <param name="inner">The exception that revealed it, if any.</param>
    public GeoConfigurationException(string errorId, string message, Exception? inner = null) : base(message, inner) =>
        ErrorId = errorId;

    /// <inheritdoc/>
    /// <value>The id given to the constructor.</value>
    public override string ErrorId { get; }

    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Configuration"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Configuration;
}
