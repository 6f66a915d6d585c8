using System.Runtime.InteropServices;

namespace GeoOrchestration.Jobs.Gdal.Native;

/// <summary>The few Linux libc calls the host makes about itself (parent-death signal, file descriptors).</summary>
internal static partial class Libc
{
    private const string Library = "libc";

    /// <summary>prctl option: the signal this process gets when its parent (the thread that started it) exits.</summary>
    public const int PrSetPdeathsig = 1;
    public const int SigKill = 9;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Library)]
    public static partial int getppid();

    [LibraryImport(Library, SetLastError = true)]
    public static partial int dup(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int dup2(int fd, int newFd);
}
