using GeoOrchestration.Parameters;
using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>The 64 KiB limit on the canonical parameters document.</summary>
public sealed class ParameterValidatorSizeTests
{
    private static ParameterSchema Blob => ParameterSchema.For(typeof(Support.BlobParameters));

    // {"s":"…"} is the text plus 8 bytes of JSON.
    private static string BlobOfSize(int bytes) => $$"""{"s":"{{new string('x', bytes - 8)}}"}""";

    [Fact]
    public void Validate_ExactlyAtLimit_IsAccepted()
    {
        var output = Validate(Blob, BlobOfSize(ParameterValidator.MaxParametersBytes));

        Assert.Equal(ParameterValidator.MaxParametersBytes, CanonicalJson.Serialize(output).Length);
    }

    [Fact]
    public void Validate_OneByteOverLimit_ReportsMaxSize()
    {
        var error = RefuseOnce(Blob, BlobOfSize(ParameterValidator.MaxParametersBytes + 1), "parameters", "max_size");

        Assert.Contains("65537 bytes", error.Message);
        Assert.Contains("65536", error.Message);
    }

    [Fact]
    public void Validate_ManyValidNamesTogetherTooLarge_ReportsMaxSize()
    {
        var names = string.Join(",", Enumerable.Range(0, 700).Select(i => $"\"{i:D3}{new string('n', 97)}\""));

        RefuseOnce(HelloWorld, $$"""{"names":[{{names}}]}""", "parameters", "max_size");
    }

    [Fact]
    public void Validate_SizeCountsUtf8Bytes_NotCharacters()
    {
        // 'é' is one character but two bytes of UTF-8.
        var text = new string('é', 40_000);

        RefuseOnce(Blob, $$"""{"s":"{{text}}"}""", "parameters", "max_size");
    }

    [Fact]
    public void MaxParametersBytes_Is64KiB()
    {
        Assert.Equal(65536, ParameterValidator.MaxParametersBytes);
    }
}
