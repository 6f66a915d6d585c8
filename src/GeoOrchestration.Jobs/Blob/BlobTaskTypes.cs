namespace GeoOrchestration.Jobs.Blob;

/// <summary>The task types of <c>blob_inventory</c>.</summary>
public static class BlobTaskTypes
{
    /// <summary>Lists a container's page bounds (the first stage, <c>inventory</c>).</summary>
    public const string List = "blob_list";
    /// <summary>Lists one page of blobs (the second stage, <c>listing</c>).</summary>
    public const string Page = "blob_page";
    /// <summary>Describes one blob (the third stage, <c>describe</c>).</summary>
    public const string Describe = "blob_describe";
}
