using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting;

/// <summary>
/// Where the embedded store keeps its file when nothing else is configured: a per-user data path.
/// <list type="bullet">
/// <item>Linux and macOS: <c>$XDG_DATA_HOME/geoorchestration/geo.db</c>, else <c>~/.local/share/geoorchestration/geo.db</c>
/// (the XDG Base Directory layout; a relative <c>XDG_DATA_HOME</c> is ignored, as the specification says).</item>
/// <item>Windows: <c>%LOCALAPPDATA%\GeoOrchestration\geo.db</c> (local, not roaming: a database must not be synced between machines).</item>
/// </list>
/// </summary>
public static class DefaultDataPath
{
    /// <summary>The database file name in the data folder.</summary>
    public const string FileName = "geo.db";

    /// <summary>The default database file for <paramref name="environment"/>.</summary>
    /// <exception cref="GeoConfigurationException">No per-user folder can be found (no HOME or LOCALAPPDATA).</exception>
    public static string Resolve(PlatformEnvironment environment)
    {
        if (environment.IsWindows)
        {
            var local = environment.Variable("LOCALAPPDATA") ?? environment.LocalAppDataFolder
                ?? throw NoFolder("LOCALAPPDATA is not set");
            return environment.Join(local, "GeoOrchestration", FileName);
        }
        if (environment.Variable("XDG_DATA_HOME") is { } xdg && xdg.StartsWith('/'))
            return environment.Join(xdg, "geoorchestration", FileName);
        var home = environment.Variable("HOME") ?? environment.HomeFolder ?? throw NoFolder("HOME is not set");
        return environment.Join(home, ".local", "share", "geoorchestration", FileName);
    }

    private static GeoConfigurationException NoFolder(string reason) => new(
        $"Cannot find a per-user folder for the embedded database ({reason}). Set GEO_CONNECTION=sqlite:PATH, or a PostgreSQL connection string.");
}
