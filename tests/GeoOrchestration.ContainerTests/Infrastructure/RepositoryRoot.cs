namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>The checkout the tests were built from: the folder above the test assembly that holds GeoOrchestration.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "GeoOrchestration.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No GeoOrchestration.sln above {AppContext.BaseDirectory}: the container tests build the images from the checkout they were built in.");
    }
}
