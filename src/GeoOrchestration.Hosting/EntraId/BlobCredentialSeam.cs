using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Hosting.EntraId;

/// <summary>
/// Hands Blob Storage (<see cref="BlobTokenCredential"/>, in Jobs, which cannot reference Hosting) the process's one
/// Entra ID credential, the instance PostgreSQL and Service Bus use (<see cref="ProcessCredential"/>). Called where
/// every front end opens its store (<see cref="GeoConnection.OpenStore"/>): <c>geoorch worker|submit|run</c>,
/// <c>Start-GeoWorker</c>, <c>Submit-GeoJob</c>, <c>Invoke-GeoJob</c> all pass there before a job is validated or a
/// task runs. The credential is that of <c>--use-entra-id</c> / <c>-UseEntraId</c> when the store logs in with one,
/// else the environment's (<c>GEO_CREDENTIAL</c>, else <c>default</c>); it is made only when a blob location without
/// a connection string asks for it, so a malformed <c>GEO_CREDENTIAL</c> troubles only blob jobs.
/// </summary>
internal static class BlobCredentialSeam
{
    public static void Install(EntraIdOptions? storeCredential) =>
        BlobTokenCredential.Use(() => ProcessCredential.For(storeCredential ?? EntraIdOptions.Resolve(null, null)));
}
