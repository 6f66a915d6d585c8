using System.Data.Common;
using System.Globalization;

namespace GeoOrchestration.Hosting;

/// <summary>
/// What a PostgreSQL connection string says about where it leads, read once for every front end's
/// description of it: server, port, database and user under any of Npgsql's key names, and the text
/// with its password masked. Descriptions never throw: text that cannot be read yields nothing here
/// (the store refuses it with a message of its own when it opens).
/// </summary>
internal static class PostgresConnectionText
{
    public const string Mask = "*****";

    private static readonly string[] HostKeys = ["Host", "Server"];
    private static readonly string[] DatabaseKeys = ["Database", "DB", "Initial Catalog"];
    private static readonly string[] UserKeys = ["Username", "User Name", "User ID", "UserId", "User", "UID"];
    private static readonly string[] PasswordKeys = ["Password", "PWD", "PSW"];

    public static string? Host(string text) => Get(Read(text), HostKeys);

    public static int? Port(string text) =>
        int.TryParse(Get(Read(text), ["Port"]), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    public static string? Database(string text) => Get(Read(text), DatabaseKeys);

    public static string? Username(string text) => Get(Read(text), UserKeys);

    /// <summary>Whether the connection string holds a non-empty password (under any of Npgsql's key names).</summary>
    public static bool HasPassword(string text) => Get(Read(text), PasswordKeys) is not null;

    /// <summary>The connection string with any password replaced by <see cref="Mask"/>; empty when it cannot be read.</summary>
    public static string Masked(string text)
    {
        var parts = Read(text);
        if (parts is null) return "";
        foreach (var key in PasswordKeys)
            if (parts.ContainsKey(key)) parts[key] = Mask;
        return parts.ConnectionString;
    }

    private static DbConnectionStringBuilder? Read(string text)
    {
        try { return new DbConnectionStringBuilder { ConnectionString = text }; }
        catch (ArgumentException) { return null; }
    }

    private static string? Get(DbConnectionStringBuilder? parts, string[] keys)
    {
        if (parts is null) return null;
        foreach (var key in keys)
            if (parts.TryGetValue(key, out var value) && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text) return text;
        return null;
    }
}
