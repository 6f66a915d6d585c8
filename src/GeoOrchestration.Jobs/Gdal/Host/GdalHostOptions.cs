using System.Globalization;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// How a <see cref="GdalHostPool"/> runs its GDAL host processes. Each setting has a default and,
/// for the shared pool, an environment variable (<see cref="FromEnvironment"/>).
/// </summary>
public sealed record GdalHostOptions
{
    /// <summary>Environment variable for <see cref="MaxHosts"/>.</summary>
    public const string HostsVariable = "GEO_GDAL_HOSTS";
    /// <summary>Environment variable for <see cref="MaxFilesPerHost"/>.</summary>
    public const string FilesVariable = "GEO_GDAL_HOST_FILES";
    /// <summary>Environment variable for <see cref="MemoryCeilingBytes"/>, in MiB.</summary>
    public const string MemoryVariable = "GEO_GDAL_HOST_MEMORY_MB";

    /// <summary>
    /// Most host processes alive at once, and so most sessions at once (more wait). Default
    /// <see cref="System.Environment.ProcessorCount"/>: GDAL work beyond the cores only thrashes.
    /// </summary>
    public int MaxHosts { get; init; } = System.Environment.ProcessorCount;

    /// <summary>Sessions (files, normally) a host serves before it is replaced, to bound what a long-lived GDAL accumulates. Default 500.</summary>
    public int MaxFilesPerHost { get; init; } = 500;

    /// <summary>
    /// A host whose resident set is above this many bytes when a session ends is replaced
    /// (GDAL's block cache and drivers' caches grow; a leak should cost one restart, not the machine).
    /// Default 2 GiB.
    /// </summary>
    public long MemoryCeilingBytes { get; init; } = 2048L * 1024 * 1024;

    /// <summary>An idle host is stopped after this long unused. Default 60 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a starting host may take to load GDAL and say hello before it is killed. Default 30 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The host program: its <c>GeoOrchestration.GdalHost.dll</c> (run with this runtime's dotnet) or
    /// its apphost. Null (the default) finds it beside the GeoOrchestration.Jobs assembly.
    /// </summary>
    public string? HostPath { get; init; }

    /// <summary>
    /// Variables every host of this pool gets on top of this process's environment (a lease's own
    /// extra variables win over these), e.g. <c>GEO_GDAL_LIBRARY</c> for a pool that uses another GDAL.
    /// Default none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The defaults, overridden by <see cref="HostsVariable"/>, <see cref="FilesVariable"/> and
    /// <see cref="MemoryVariable"/> where set. A value that is not a positive whole number is a
    /// <see cref="GeoConfigurationException"/> naming the variable.
    /// </summary>
    public static GdalHostOptions FromEnvironment()
    {
        var options = new GdalHostOptions();
        if (Positive(HostsVariable) is { } hosts) options = options with { MaxHosts = (int)Math.Min(hosts, int.MaxValue) };
        if (Positive(FilesVariable) is { } files) options = options with { MaxFilesPerHost = (int)Math.Min(files, int.MaxValue) };
        if (Positive(MemoryVariable) is { } megabytes) options = options with { MemoryCeilingBytes = checked(megabytes * 1024 * 1024) };
        return options;
    }

    /// <summary>Throws a <see cref="GeoConfigurationException"/> naming the first setting out of range.</summary>
    internal void Validate()
    {
        if (MaxHosts < 1) throw Invalid(nameof(MaxHosts), MaxHosts.ToString(CultureInfo.InvariantCulture));
        if (MaxFilesPerHost < 1) throw Invalid(nameof(MaxFilesPerHost), MaxFilesPerHost.ToString(CultureInfo.InvariantCulture));
        if (MemoryCeilingBytes < 1) throw Invalid(nameof(MemoryCeilingBytes), MemoryCeilingBytes.ToString(CultureInfo.InvariantCulture));
        if (IdleTimeout <= TimeSpan.Zero) throw Invalid(nameof(IdleTimeout), IdleTimeout.ToString());
        if (StartTimeout <= TimeSpan.Zero) throw Invalid(nameof(StartTimeout), StartTimeout.ToString());
    }

    private static long? Positive(string variable)
    {
        var text = System.Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= int.MaxValue
            ? value
            : throw Invalid(variable, text);
    }

    private static GeoConfigurationException Invalid(string setting, string value) =>
        new($"GDAL host setting {setting} is '{value}': it must be a positive whole number (a positive time span for the timeouts).");
}
