using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// A GDAL tool failed in a way that trying again cannot fix: the input is missing, corrupt or not a
/// raster, or GDAL cannot do what was asked with it. The message carries GDAL's own words.
/// </summary>
public sealed class GdalPermanentException(string tool, int exitCode, IReadOnlyList<GdalMessage> messages, string message)
    : PermanentTaskException(message)
{
    public string Tool { get; } = tool;
    public int ExitCode { get; } = exitCode;
    public IReadOnlyList<GdalMessage> Messages { get; } = messages;
    public override string ErrorId => "GdalFailed";
}

/// <summary>
/// A GDAL tool failed in a way that may pass on another try: an I/O error, a network read, memory,
/// a process killed from outside. The engine retries the task with backoff.
/// </summary>
public sealed class GdalTransientException(string tool, int exitCode, IReadOnlyList<GdalMessage> messages, string message)
    : TransientTaskException(message)
{
    public string Tool { get; } = tool;
    public int ExitCode { get; } = exitCode;
    public IReadOnlyList<GdalMessage> Messages { get; } = messages;
    public override string ErrorId => "GdalTransientFailure";
}
