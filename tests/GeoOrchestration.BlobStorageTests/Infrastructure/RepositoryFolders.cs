namespace GeoOrchestration.BlobStorageTests.Infrastructure;

/// <summary>Folders of the repository the tests run from (found by walking up to GeoOrchestration.sln).</summary>
public static class RepositoryFolders
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "GeoOrchestration.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No GeoOrchestration.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository's root folder.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>tools/azurite: package.json and package-lock.json pinning Azurite, node_modules once installed.</summary>
    public static string Azurite => Path.Combine(Root, "tools", "azurite");
}
