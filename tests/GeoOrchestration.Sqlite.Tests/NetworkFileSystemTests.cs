namespace GeoOrchestration.Sqlite.Tests;

public sealed class NetworkFileSystemTests
{
    private const string Mounts = """
        /dev/vda / ext4 rw,relatime 0 0
        proc /proc proc rw,relatime 0 0
        server:/export /mnt/share nfs4 rw,relatime,vers=4.2 0 0
        //nas/team\040files /mnt/team\040files cifs rw 0 0
        tmpfs /mnt/share/cache tmpfs rw 0 0
        """;

    [Theory]
    [InlineData("/home/ada/geo", "ext4")]
    [InlineData("/mnt/share", "nfs4")]
    [InlineData("/mnt/share/jobs/deep", "nfs4")]
    [InlineData("/mnt/shared/jobs", "ext4")] // a prefix of the name is not the mount point
    [InlineData("/mnt/share/cache/x", "tmpfs")] // the longest mount point wins
    [InlineData("/mnt/team files/geo", "cifs")] // \040 in the mount table is a space
    public void TypeFromMounts_Path_IsTheTypeOfItsLongestMountPoint(string path, string type)
    {
        Assert.Equal(type, NetworkFileSystem.TypeFromMounts(path, Mounts));
    }

    [Theory]
    [InlineData("nfs", true)]
    [InlineData("NFS4", true)]
    [InlineData("cifs", true)]
    [InlineData("smb3", true)]
    [InlineData("fuse.sshfs", true)]
    [InlineData("ext4", false)]
    [InlineData("tmpfs", false)]
    [InlineData("overlay", false)]
    [InlineData(null, false)]
    public void IsNetworkType_KnownNames_AreClassified(string? type, bool network)
    {
        Assert.Equal(network, NetworkFileSystem.IsNetworkType(type));
    }

    [Fact]
    public void Detect_TempFolder_IsLocal()
    {
        // The tests' own temp folder is on a local disk; a false alarm here would refuse every user.
        Assert.Null(NetworkFileSystem.Detect(Path.GetTempPath()));
    }
}
