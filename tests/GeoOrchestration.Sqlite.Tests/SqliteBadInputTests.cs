using GeoOrchestration.Errors;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// Files and folders the store cannot use: each refused with a one-line message naming the path
/// and the rule, and with nothing created, changed or left half-made.
/// </summary>
public sealed class SqliteBadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SqliteMigrator Migrator(SqliteSettings settings, IReadOnlyList<Migration>? migrations = null, Func<int, ValueTask>? onBusyRetry = null) =>
        new(new SqliteDatabase(settings, onBusyRetry), migrations ?? SqliteSqlCatalog.Migrations(), TimeProvider.System);

    private static async Task<GeoValidationException> RefusedAsync(string path, string rule, bool dryRun = false, SqliteSettings? settings = null)
    {
        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Migrator(settings ?? Db.Settings(path)).DeployAsync(dryRun, default));
        Assert.Equal(("path", rule), (error.Errors[0].Field, error.Errors[0].Rule));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    /// <summary>A write refused for want of permission: a setup to change (exit 7), naming the path and the permission.</summary>
    private static async Task<GeoConfigurationException> RefusedForPermissionAsync(string path, string named)
    {
        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator(Db.Settings(path)).DeployAsync(false, default));
        Assert.Equal(GeoConfigurationException.PermissionDeniedId, error.ErrorId);
        Assert.Contains($"'{named}'", error.Message);
        Assert.Contains("write permission", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    private static byte[] Bytes(string path) => File.ReadAllBytes(path);

    [Fact]
    public async Task Deploy_PathIsAFolder_IsRefused()
    {
        await RefusedAsync(_folder.Path, "folder");
    }

    [Fact]
    public async Task Deploy_MissingFolders_AreCreated()
    {
        var path = Path.Combine(_folder.Path, "a", "b", "geo.db");

        await Migrator(Db.Settings(path)).DeployAsync(false, default);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Deploy_FolderCannotBeCreated_IsRefusedAndCreatesNothing()
    {
        File.WriteAllText(_folder.File("plain.txt"), "a file, not a folder");

        var error = await RefusedAsync(Path.Combine(_folder.File("plain.txt"), "sub", "geo.db"), "folder_not_creatable");

        Assert.Contains("plain.txt", error.Message);
        Assert.Equal(["plain.txt"], Db.Files(_folder.Path));
    }

    [Fact]
    public async Task Deploy_FolderReadOnly_IsRefusedAndCreatesNothing()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, "locked")).FullName;
        Permissions.MakeReadOnly(folder);

        await RefusedForPermissionAsync(Path.Combine(folder, "geo.db"), folder);

        Permissions.MakeWritable(folder);
        Assert.Empty(Db.Files(folder));
    }

    [Theory]
    [InlineData("job,status\n1,done\n")]
    [InlineData("SQLite format 2\0 and more bytes")]
    [InlineData("short")]
    public async Task Deploy_FileIsNotASqliteDatabase_IsRefusedAndLeftUntouched(string content)
    {
        File.WriteAllText(_folder.File(), content);
        var before = Bytes(_folder.File());

        await RefusedAsync(_folder.File(), "not_sqlite");
        await RefusedAsync(_folder.File(), "not_sqlite", dryRun: true);

        Assert.Equal(before, Bytes(_folder.File()));
        Assert.Equal(["geo.db"], Db.Files(_folder.Path)); // no -wal or -shm beside it
    }

    [Fact]
    public async Task Deploy_SqliteHeaderFollowedByGarbage_IsRefusedBySqliteItselfAndLeftUntouched()
    {
        File.WriteAllBytes(_folder.File(), [.. "SQLite format 3\0"u8, .. Enumerable.Repeat((byte)0x5A, 4096)]);
        var before = Bytes(_folder.File());

        // Past the header check: SQLite's own "file is not a database" (26) is mapped to the same rule.
        var error = await RefusedAsync(_folder.File(), "not_sqlite");

        Assert.Contains(_folder.File(), error.Message);
        Assert.Equal(before, Bytes(_folder.File()));
    }

    [Fact]
    public async Task Deploy_EmptyFile_BecomesTheDatabase()
    {
        File.WriteAllBytes(_folder.File(), []);

        var result = await Migrator(Db.Settings(_folder.File())).DeployAsync(false, default);

        Assert.NotEmpty(result.Pending);
    }

    [Fact]
    public async Task Deploy_DatabaseFileReadOnly_IsRefusedAndLeftUntouched()
    {
        await Migrator(Db.Settings(_folder.File())).DeployAsync(false, default);
        SqliteDatabaseCleanup();
        var before = Bytes(_folder.File());
        Permissions.MakeReadOnly(_folder.File());

        await RefusedForPermissionAsync(_folder.File(), _folder.File());

        Permissions.MakeWritable(_folder.File());
        Assert.Equal(before, Bytes(_folder.File()));
    }

    [Fact]
    public async Task Deploy_OnANetworkFileSystem_IsRefusedUnlessAllowed()
    {
        var path = Path.Combine(_folder.Path, "share", "geo.db");
        var settings = Db.Settings(path) with { DetectNetworkFileSystem = _ => "nfs4" };

        var error = await RefusedAsync(path, "network_file_system", settings: settings);
        Assert.Contains("nfs4", error.Message);
        Assert.Empty(Db.Files(_folder.Path));

        await Migrator(settings with { AllowNetworkFileSystem = true }).DeployAsync(false, default);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Deploy_DatabaseLockedLongerThanTheBusyTimeout_IsUnavailableAndAppliesNothing()
    {
        await Migrator(Db.Settings(_folder.File())).DeployAsync(false, default);
        var next = SqliteSqlCatalog.Migrations().Append(new Migration(9000, "9000_extra.sql", "CREATE TABLE extra (id INTEGER);")).ToList();
        using var other = Db.Other(_folder.File());
        Db.Execute(other, "BEGIN IMMEDIATE;");
        var attempts = 1;

        var error = await Assert.ThrowsAsync<GeoStoreUnavailableException>(() =>
            Migrator(Db.Settings(_folder.File(), TimeSpan.FromMilliseconds(20), retries: 1), next, _ => { attempts++; return default; })
                .DeployAsync(false, default));

        Db.Execute(other, "ROLLBACK;");
        Assert.Equal(2, attempts);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(0L, Db.Scalar(_folder.File(), "SELECT count(*) FROM sqlite_schema WHERE name = 'extra'"));
    }

    /// <summary>Closes pooled connections so the file's bytes are final (WAL checkpointed into it).</summary>
    private static void SqliteDatabaseCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
