namespace GeoOrchestration.PowerShell.Tests;

/// <summary>The module folder the build lays out (out/GeoOrchestration), found from the test's own folder.</summary>
internal static class ModuleFolder
{
    public static string Path { get; } = Find();

    public static string Manifest => System.IO.Path.Combine(Path, "GeoOrchestration.psd1");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "GeoOrchestration.sln")))
                return System.IO.Path.Combine(directory.FullName, "out", "GeoOrchestration");
        }
        throw new InvalidOperationException($"No GeoOrchestration.sln above {AppContext.BaseDirectory}.");
    }
}
