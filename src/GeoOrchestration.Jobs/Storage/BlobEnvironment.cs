using Azure.Core;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// Where Blob Storage credentials come from: the environment only (the names GDAL's <c>/vsiaz/</c> and the az CLI
/// read, so GDAL gets the same ones), never job parameters.
/// <list type="number">
/// <item><c>AZURE_STORAGE_CONNECTION_STRING</c>: an account with its key or a SAS (and <c>BlobEndpoint</c> for Azurite); wins when set.</item>
/// <item>else <c>AZURE_STORAGE_ACCOUNT</c> (the account of <c>az://</c> locations) with the process's Entra ID
/// <see cref="TokenCredential"/> (<see cref="BlobTokenCredential"/>, set by the host); an <c>https://ACCOUNT.blob...</c>
/// location names its account itself and needs only the credential.</item>
/// </list>
/// </summary>
public sealed class BlobEnvironment
{
    /// <summary>The connection string variable (AccountName/AccountKey or SharedAccessSignature; BlobEndpoint for emulators).</summary>
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>The account variable for <c>az://</c> locations when there is no connection string.</summary>
    public const string AccountVariable = "AZURE_STORAGE_ACCOUNT";

    /// <summary>The sentence every "no credentials" error ends with: what to set.</summary>
    public const string WhatToSet =
        $"set {ConnectionStringVariable} (AccountName and AccountKey, or a SharedAccessSignature), or {AccountVariable} with an Entra ID credential for the process";

    private readonly Func<string, string?> _variable;
    private readonly Func<TokenCredential?> _tokenCredential;

    /// <summary>An environment read through <paramref name="variable"/>, with <paramref name="tokenCredential"/> for Entra ID.</summary>
    /// <param name="variable">Reads one environment variable (null when unset).</param>
    /// <param name="tokenCredential">The process's credential, or null when the host set none (default: <see cref="BlobTokenCredential.Current"/>).</param>
    public BlobEnvironment(Func<string, string?> variable, Func<TokenCredential?>? tokenCredential = null)
    {
        _variable = variable;
        _tokenCredential = tokenCredential ?? (() => BlobTokenCredential.Current);
    }

    /// <summary>This process's environment variables and <see cref="BlobTokenCredential"/>.</summary>
    public static BlobEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>An environment of the given variables (tests, child processes' settings), with an optional credential.</summary>
    public static BlobEnvironment Of(IReadOnlyDictionary<string, string> variables, TokenCredential? credential = null) =>
        new(name => variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null, () => credential);

    /// <summary>
    /// The connection string, parsed; null when unset. A malformed one sets <paramref name="problem"/> (never quoting it).
    /// </summary>
    public BlobConnectionString? ConnectionString(out string? problem)
    {
        problem = null;
        var text = Variable(ConnectionStringVariable);
        if (text is null) return null;
        var parsed = BlobConnectionString.Parse(text, out var why);
        if (parsed is null) problem = $"{ConnectionStringVariable} cannot be used: {why}.";
        return parsed;
    }

    /// <summary>The account of <c>az://</c> locations without a connection string (<c>AZURE_STORAGE_ACCOUNT</c>); null when unset.</summary>
    public string? Account => Variable(AccountVariable);

    /// <summary>The process's Entra ID credential; null when the host set none.</summary>
    public TokenCredential? TokenCredential => _tokenCredential();

    private string? Variable(string name) => _variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
