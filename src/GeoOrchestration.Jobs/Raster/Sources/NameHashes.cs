using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>
/// The names a streamed listing has seen, compared without case, kept as 8 bytes each (a hash, not
/// the name), so a container of a million blobs is checked for clashing output names in ~30 MB
/// instead of its whole listing. A hit is only a suspicion (two names may share a hash): the caller
/// confirms it by finding the earlier name, and goes on when there is none.
/// </summary>
internal sealed class NameHashes
{
    private readonly HashSet<ulong> _seen = [];

    /// <summary>Adds a name; false when a name equal to it without case (or sharing its hash) was added before.</summary>
    public bool Add(string name) => _seen.Add(Hash(name));

    // Upper-cased per character, as StringComparer.OrdinalIgnoreCase compares; SHA-256 (built in,
    // well spread) cut to 64 bits: a false suspicion among a million names is about 1 in 36 million.
    private static ulong Hash(string name)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(name.ToUpperInvariant().AsSpan()), digest);
        return MemoryMarshal.Read<ulong>(digest);
    }
}
