using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

// Uploads one file with BlobTransfer.UploadCommittedAsync, credentials from this process's environment
// (AZURE_STORAGE_CONNECTION_STRING), as a worker's task would. The blob tests kill it mid-upload.
// Usage: Uploader LOCATION BLOB_NAME FILE ATTEMPT_TAG BLOCK_BYTES
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: Uploader LOCATION BLOB_NAME FILE ATTEMPT_TAG BLOCK_BYTES");
    return 2;
}
var errors = new List<ValidationError>();
var location = BlobLocation.Parse(args[0], "location", errors);
if (location is null)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, errors));
    return 2;
}
var storage = new BlobStorage(new BlobStorageOptions { BlockBytes = int.Parse(args[4]), RetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(200) });
Console.WriteLine("uploading");
var entry = await new BlobTransfer(storage).UploadCommittedAsync(location, args[1], args[2], "image/tiff; application=geotiff; profile=cloud-optimized",
    new Dictionary<string, string>(), args[3], CancellationToken.None);
Console.WriteLine($"committed {entry.Name} {entry.Bytes} {entry.ContentMd5}");
return 0;
