using System.Collections.Concurrent;
using Azure.Core;
using Azure.Storage.Blobs;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// The Blob Storage clients of a process: one <see cref="BlobContainerClient"/> per container and credential, with
/// credentials by environment (<see cref="BlobCredential"/>) and the retries of <see cref="BlobStorageOptions"/>
/// (exponential; 408, 429, 500, 502, 503, 504 and network errors retried by the SDK's pipeline, honouring
/// <c>Retry-After</c>). Clients are safe to share between threads.
/// </summary>
public sealed class BlobStorage
{
    private readonly ConcurrentDictionary<string, (BlobCredential Credential, BlobContainerClient Client)> _containers = new();

    /// <summary>Blob Storage with <paramref name="options"/> (default: production retries, this process's environment).</summary>
    public BlobStorage(BlobStorageOptions? options = null) => Options = options ?? new BlobStorageOptions();

    /// <summary>This process's: production retries, credentials from its environment and its host's Entra ID credential.</summary>
    public static BlobStorage Default { get; } = new();

    /// <summary>The retries, block size and environment in use.</summary>
    public BlobStorageOptions Options { get; }

    /// <summary>The client of <paramref name="location"/>'s container, reached with the credential the environment gives.</summary>
    /// <exception cref="PermanentTaskException">No credential for the location's account (naming the variables to set).</exception>
    public BlobContainerClient ContainerFor(BlobLocation location) => Connect(location).Client;

    /// <summary>The credential and client of <paramref name="location"/>'s container.</summary>
    /// <exception cref="PermanentTaskException">No credential for the location's account.</exception>
    internal (BlobCredential Credential, BlobContainerClient Client) Connect(BlobLocation location)
    {
        var credential = BlobCredential.For(location, Options.Environment, out var problem)
            ?? throw new PermanentTaskException($"Blob Storage: {problem}");
        var uri = new Uri($"{location.ServiceUri.AbsoluteUri.TrimEnd('/')}/{location.Container}");
        return _containers.GetOrAdd($"{credential.Kind}\n{uri}", _ => (credential, Create(uri, credential)));
    }

    private BlobContainerClient Create(Uri container, BlobCredential credential)
    {
        var options = ClientOptions();
        return credential switch
        {
            { SharedKey: { } key } => new BlobContainerClient(container, key, options),
            { Sas: { } sas } => new BlobContainerClient(container, sas, options),
            _ => new BlobContainerClient(container, credential.Token!, options),
        };
    }

    /// <summary>The SDK's options with this instance's retries.</summary>
    internal BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = Options.MaxRetries;
        options.Retry.Delay = Options.RetryDelay;
        options.Retry.MaxDelay = Options.MaxRetryDelay;
        options.Retry.NetworkTimeout = Options.NetworkTimeout;
        // Request details in the SDK's logs and exceptions: none of ours are printed (BlobFailures writes its own line).
        options.Diagnostics.IsLoggingContentEnabled = false;
        return options;
    }
}
