using System.CommandLine;
using GeoOrchestration.Cli.Commands;

namespace GeoOrchestration.Cli;

/// <summary>Options every command accepts.</summary>
public sealed class GlobalOptions
{
    public const string ConnectionVariable = "GEO_CONNECTION";
    public const string SchemaVariable = "GEO_SCHEMA";

    public Option<string?> Connection { get; } = new("--connection", "-c")
    {
        Description = $"PostgreSQL connection string (default: ${ConnectionVariable}).",
        Recursive = true,
    };

    public Option<string?> Schema { get; } = new("--schema")
    {
        Description = $"Schema that holds the tables (default: ${SchemaVariable}, else 'geo').",
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

    public GlobalOptions() => Output.AsOneOf("table", "json");

    public void AddTo(RootCommand root)
    {
        root.Add(Connection);
        root.Add(Schema);
        root.Add(Output);
        root.Add(Verbose);
    }
}
