using System.CommandLine;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Hosting;

namespace GeoOrchestration.Cli;

/// <summary>Options every command accepts.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Connection { get; } = new("--connection", "-c")
    {
        Description = $"The store: sqlite:PATH, a SQLite connection string (Data Source=PATH) or a PostgreSQL one (Host=...;Username=...) " +
            $"(default: ${GeoConnection.ConnectionVariable}, else the embedded file in the per-user data folder).",
        Recursive = true,
    };

    public Option<string?> Schema { get; } = new("--schema")
    {
        Description = $"PostgreSQL schema that holds the tables (default: ${GeoConnection.SchemaVariable}, else 'geo'); not for SQLite.",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table or json.",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log progress and show stack traces of errors.",
        Recursive = true,
    };

    /// <summary>Entra ID: <c>--use-entra-id</c>, <c>--credential</c>, <c>--managed-identity-client-id</c>.</summary>
    public EntraIdCliOptions EntraId { get; } = new();

    public GlobalOptions() => Output.AsOneOf("table", "json");

    public void AddTo(RootCommand root)
    {
        root.Add(Connection);
        root.Add(Schema);
        root.Add(Output);
        root.Add(Verbose);
        EntraId.AddTo(root);
    }
}
