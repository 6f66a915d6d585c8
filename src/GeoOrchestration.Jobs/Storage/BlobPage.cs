namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// One page of a listing: the blobs of one service page that match the location's glob (so possibly fewer than
/// the page size, or none), and where the next page starts.
/// </summary>
/// <param name="Entries">The page's blobs, in the service's order (by name).</param>
/// <param name="ContinuationToken">The token the NEXT page starts from (the service's marker, opaque); null on the last page.</param>
public sealed record BlobPage(IReadOnlyList<BlobEntry> Entries, string? ContinuationToken);
