using GeoOrchestration.Errors;
using GeoOrchestration.Hosting;
using GeoOrchestration.Jobs;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A typo must not create a store: only the embedded default file (and a connection the front end
/// marks as creating, such as Connect-GeoOrchestration -Path or a worker) is created on first use;
/// a file named by a connection that does not exist is refused by reads and writes alike, creating
/// nothing (no folder, file, -wal or -shm), until a deploy creates it. Real files. Which connections
/// create is Hosting's rule, pinned in Hosting.Tests' StoreCreationRuleTests.
/// </summary>
public sealed class StoreCreationTests : IDisposable
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geo-creation-");

    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task NamedFile_Missing_ReadsAndWritesAreRefusedAndNothingIsCreated()
    {
        var path = Path.Combine(_folder.FullName, "nonexistent", "dir", "x.db");
        await using var client = GeoConnection.Resolve($"sqlite:{path}", null, Linux()).CreateClient(Registry);

        var list = await Assert.ThrowsAsync<GeoConfigurationException>(() => client.ListJobsAsync(new JobListParams()));
        var submit = await Assert.ThrowsAsync<GeoConfigurationException>(() => client.SubmitAsync("hello_world", new() { ["count"] = 1 }));
        var get = await Assert.ThrowsAsync<GeoConfigurationException>(() => client.GetJobAsync(new string('a', 64)));

        foreach (var e in (GeoConfigurationException[])[list, submit, get])
        {
            Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, e.ErrorId);
            Assert.Contains(path, e.Message);
        }
        Assert.Empty(_folder.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task NamedFile_Deployed_IsCreatedAndThenUsable()
    {
        var path = Path.Combine(_folder.FullName, "deployed", "x.db");
        await using var client = GeoConnection.Resolve($"sqlite:{path}", null, Linux()).CreateClient(Registry);

        await client.DeploySchemaAsync();
        var submitted = await client.SubmitAsync("hello_world", new() { ["count"] = 1 });

        Assert.True(File.Exists(path));
        Assert.Equal(submitted.Job.JobId, Assert.Single(await client.ListJobsAsync(new JobListParams())).JobId);
    }

    [Fact]
    public async Task NamedFile_AllowingCreation_IsCreatedOnFirstUse()
    {
        var path = Path.Combine(_folder.FullName, "chosen", "x.db");
        await using var client = GeoConnection.Resolve($"sqlite:{path}", null, Linux()).AllowingCreation().CreateClient(Registry);

        Assert.Empty(await client.ListJobsAsync(new JobListParams()));

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task NamedFile_ExistingButEmpty_IsSetUpOnFirstUse()
    {
        // A file that exists is not a typo (touch, or another tool made it): it gets the schema as before.
        var path = Path.Combine(_folder.FullName, "touched.db");
        await File.WriteAllBytesAsync(path, []);
        await using var client = GeoConnection.Resolve($"sqlite:{path}", null, Linux()).CreateClient(Registry);

        var submitted = await client.SubmitAsync("hello_world", new() { ["count"] = 1 });

        Assert.True(submitted.Created);
    }
}
