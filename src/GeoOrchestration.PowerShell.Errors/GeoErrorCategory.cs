namespace GeoOrchestration.Errors;

/// <summary>
/// What kind of failure a <see cref="GeoException"/> is, as every front end names it (the
/// <c>geoorch</c> exit codes, the <c>GeoValidation</c>-style error ids of the cmdlets). The same
/// values as the engine's own category, for scripts to compare with <c>$_.Exception.Category</c>.
/// A copy of Core's enum rather than a reference to it, on purpose: this assembly loads into
/// PowerShell's default context and must depend on nothing, while Core loads into the module's
/// private one. PublicErrorTests pins that both enums name the same categories.
/// </summary>
public enum GeoErrorCategory
{
    /// <summary>The input broke a rule; nothing was written (<see cref="GeoValidationException"/>).</summary>
    Validation,

    /// <summary>A job, task or job type asked for does not exist (<see cref="GeoNotFoundException"/>).</summary>
    NotFound,

    /// <summary>The object's current state does not allow the request (<see cref="GeoConflictException"/>).</summary>
    Conflict,

    /// <summary>The setup cannot serve the request (<see cref="GeoConfigurationException"/>).</summary>
    Configuration,

    /// <summary>The store could not be reached (<see cref="GeoStoreUnavailableException"/>).</summary>
    Unavailable,

    /// <summary>A wait gave up before the job ended (<see cref="GeoTimeoutException"/>).</summary>
    Timeout,

    /// <summary>A stop ended the operation before its job ended (<see cref="GeoCancelledException"/>).</summary>
    Cancelled,

    /// <summary>Work that cannot succeed however often it is tried (<see cref="GeoPermanentException"/>).</summary>
    Permanent,

    /// <summary>Work that may succeed if tried again later (<see cref="GeoTransientException"/>).</summary>
    Transient,

    /// <summary>An error nobody classified: a bug (<see cref="GeoInternalException"/>).</summary>
    Internal,
}
