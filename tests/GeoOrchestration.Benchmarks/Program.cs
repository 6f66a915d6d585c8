using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/GeoOrchestration.Benchmarks -- --filter '*'
// The store benchmarks need a PostgreSQL in GEO_CONNECTION (see tools/local-postgres.sh).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
