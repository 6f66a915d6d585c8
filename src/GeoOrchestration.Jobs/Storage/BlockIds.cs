using System.Security.Cryptography;
using System.Text;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// Block ids of one upload attempt: <c>base64("{16 hex of SHA-256(attemptTag)}-{index:D6}")</c>. Every id of a blob
/// must have the same length, uncommitted ones of other attempts included (else Put Block fails with
/// <c>InvalidBlobOrBlock</c>), so the tag enters as a fixed-length hash; the tag keeps one attempt's blocks apart
/// from another's, which may still lie uncommitted on the same blob name.
/// </summary>
internal static class BlockIds
{
    /// <summary>At most 50,000 blocks per blob: six digits hold every index.</summary>
    public const int MaxBlocks = 50_000;

    public static string For(string attemptTag, int index)
    {
        if (index is < 0 or >= MaxBlocks) throw new ArgumentOutOfRangeException(nameof(index), index, $"A blob holds at most {MaxBlocks} blocks.");
        var tag = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(attemptTag)), 0, 8).ToLowerInvariant();
        return Convert.ToBase64String(Encoding.ASCII.GetBytes($"{tag}-{index:D6}"));
    }
}
