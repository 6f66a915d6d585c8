using Azure;
using Azure.Core;
using Azure.Storage;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// The credential a location is reached with, chosen by <see cref="For"/> from the environment: the connection
/// string's key or SAS for its own account, else the process's Entra ID <see cref="TokenCredential"/>.
/// Its <see cref="ToString"/> names the kind, never the secret.
/// </summary>
public sealed class BlobCredential
{
    private BlobCredential(string kind, StorageSharedKeyCredential? key, AzureSasCredential? sas, string? sasPermissions, TokenCredential? token)
    {
        Kind = kind;
        SharedKey = key;
        Sas = sas;
        SasPermissions = sasPermissions;
        Token = token;
    }

    /// <summary><c>shared key</c>, <c>SAS</c> or <c>Entra ID</c>.</summary>
    public string Kind { get; }

    internal StorageSharedKeyCredential? SharedKey { get; }
    internal AzureSasCredential? Sas { get; }
    internal TokenCredential? Token { get; }

    /// <summary>
    /// What a SAS allows: its <c>sp</c> field (<c>r</c> read, <c>l</c> list, <c>w</c> write, <c>c</c> create, <c>d</c> delete, ...);
    /// null for a key or a token, whose permissions a SAS-less request cannot read.
    /// </summary>
    public string? SasPermissions { get; }

    /// <summary>
    /// The credential for <paramref name="location"/>, or null with <paramref name="problem"/> saying what to set
    /// (never quoting a secret).
    /// </summary>
    public static BlobCredential? For(BlobLocation location, BlobEnvironment environment, out string? problem)
    {
        var connection = environment.ConnectionString(out problem);
        if (problem is not null) return null;
        if (connection is not null && connection.Account == location.Account
            && Uri.Compare(connection.ServiceUri, location.ServiceUri, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            if (connection.AccountKey is { } key)
            {
                try
                {
                    return new BlobCredential("shared key", new StorageSharedKeyCredential(connection.Account, key), null, null, null);
                }
                catch (FormatException)
                {
                    problem = $"{BlobEnvironment.ConnectionStringVariable} cannot be used: its AccountKey is not base64.";
                    return null;
                }
            }
            var sas = connection.SharedAccessSignature!;
            return new BlobCredential("SAS", null, new AzureSasCredential(sas), PermissionsOf(sas), null);
        }
        TokenCredential? token;
        try
        {
            token = environment.TokenCredential;
        }
        catch (Exception e) when (e is Errors.GeoException)
        {
            problem = $"no credential for storage account '{location.Account}': {e.Message}";
            return null;
        }
        if (token is not null) return new BlobCredential("Entra ID", null, null, null, token);
        problem = connection is not null
            ? $"{BlobEnvironment.ConnectionStringVariable} is for storage account '{connection.Account}' at {connection.ServiceUri}, not '{location.Account}' at {location.ServiceUri}, " +
              "and this process has no Entra ID credential for other accounts."
            : $"no credential for storage account '{location.Account}': {BlobEnvironment.WhatToSet}.";
        return null;
    }

    /// <summary>The SAS's <c>sp</c> (permissions) field; empty when it has none.</summary>
    internal static string PermissionsOf(string sas)
    {
        foreach (var pair in sas.TrimStart('?').Split('&'))
            if (pair.StartsWith("sp=", StringComparison.Ordinal)) return Uri.UnescapeDataString(pair[3..]);
        return "";
    }

    /// <inheritdoc/>
    public override string ToString() => SasPermissions is null ? Kind : $"{Kind} (permissions '{SasPermissions}')";
}
