namespace GeoOrchestration.Hosting;

/// <summary>
/// What store location rules read from the machine: environment variables, the platform and the
/// user's folders. Injected, so the rules are pure functions that tests run for every platform.
/// </summary>
/// <param name="GetVariable">Reads an environment variable (null when unset).</param>
/// <param name="IsWindows">Windows paths and folders rather than the XDG layout.</param>
/// <param name="HomeFolder">The user's home folder when <c>HOME</c> is unset (Linux, macOS), or null.</param>
/// <param name="LocalAppDataFolder">The local application data folder when <c>LOCALAPPDATA</c> is unset (Windows), or null.</param>
public sealed record PlatformEnvironment(Func<string, string?> GetVariable, bool IsWindows, string? HomeFolder, string? LocalAppDataFolder)
{
    /// <summary>This process's environment.</summary>
    public static PlatformEnvironment Current { get; } = new(
        Environment.GetEnvironmentVariable,
        OperatingSystem.IsWindows(),
        NonEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)),
        NonEmpty(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)));

    internal char Separator => IsWindows ? '\\' : '/';

    /// <summary>Folders joined with this platform's separator (tests describe Windows on Linux and back).</summary>
    internal string Join(string folder, params string[] names) =>
        string.Join(Separator, names.Prepend(folder.TrimEnd('/', '\\')));

    internal string? Variable(string name) => NonEmpty(GetVariable(name));

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
