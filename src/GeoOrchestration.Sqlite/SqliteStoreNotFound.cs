using GeoOrchestration.Errors;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The error of a store that may not create its file (<see cref="SqliteStoreOptions.CreateIfMissing"/>
/// false) when the file is not there: most often a typo in a path, which must not become a new, empty store.
/// </summary>
internal static class SqliteStoreNotFound
{
    // Names no front end's command: each adds its own (geoorch schema deploy, Invoke-GeoSchemaDeploy).
    public static GeoConfigurationException For(string path) => new(GeoConfigurationException.SchemaNotDeployedId,
        $"There is no GeoOrchestration store at '{path}': the file does not exist (check the path), and nothing was created; " +
        "a store on a file named by a connection is created only by deploying it.");
}
