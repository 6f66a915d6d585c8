using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GeoOrchestration.Store;

namespace GeoOrchestration.Benchmarks;

/// <summary>
/// Every planned task's parameters and every result are checked for text no store can hold before
/// they are written: a cost paid once per task on the plan path and once on the completion path,
/// next to the CanonicalJson one (same documents as <see cref="CanonicalJsonBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class StorableTextBenchmarks
{
    private readonly JsonObject _taskParameters = new() { ["delay_ms"] = 0, ["fail_first_attempt"] = false };
    private readonly JsonObject _result = new() { ["worker"] = "host-1234-5678", ["attempt"] = 1 };
    private readonly JsonNode _parsed = JsonNode.Parse("""{"tile":{"y":12,"x":7,"z":14},"bands":[1,2,3],"scale":0.5,"source":"s3://bucket/key.tif"}""")!;

    [Benchmark(Baseline = true)]
    public UnstorableText? TaskParameters() => StorableText.Find(_taskParameters);

    [Benchmark]
    public UnstorableText? Result() => StorableText.Find(_result);

    [Benchmark]
    public UnstorableText? ParsedNestedDocument() => StorableText.Find(_parsed);
}
