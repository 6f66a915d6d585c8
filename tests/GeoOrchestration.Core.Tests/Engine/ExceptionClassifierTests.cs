using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Core.Tests.Engine;

public sealed class ExceptionClassifierTests
{
    public static TheoryData<Exception> TransientFailures => new()
    {
        new TransientTaskException("try later"),
        new IOException("disk busy"),
        new TimeoutException(),
        new SocketException((int)SocketError.ConnectionReset),
        new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable),
        new HttpRequestException("server error", null, HttpStatusCode.InternalServerError),
        new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests),
        new HttpRequestException("timeout", null, HttpStatusCode.RequestTimeout),
        new HttpRequestException("connection refused"),
        new InvalidOperationException("nobody anticipated this"),
        new FakeDbException(transient: true),
        new AggregateException(new IOException()),
        new TargetInvocationException(new TimeoutException()),
    };

    public static TheoryData<Exception> PermanentFailures => new()
    {
        new PermanentTaskException("bad input"),
        new ArgumentException("bad"),
        new ArgumentNullException("x"),
        new FormatException(),
        new KeyNotFoundException(),
        new NotSupportedException(),
        new InvalidCastException(),
        new NotImplementedException(),
        new JsonException(),
        new ContractViolationException("missing field"),
        new GeoValidationException("f", "rule", "bad"),
        new GeoConfigurationException("GdalNotFound", "gdalinfo was not found on the PATH"),
        new GeoNotFoundException("job", "0123"),
        new GeoConflictException("JobStatusConflict", "the job has completed"),
        new HttpRequestException("not found", null, HttpStatusCode.NotFound),
        new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden),
        new FakeDbException(transient: false),
        new AggregateException(new FormatException()),
        new TargetInvocationException(new PermanentTaskException("inner")),
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public void Classify_RetryableFailure_IsTransient(Exception exception)
    {
        Assert.Equal(FailureKind.Transient, ExceptionClassifier.Classify(exception));
    }

    [Theory]
    [MemberData(nameof(PermanentFailures))]
    public void Classify_HopelessFailure_IsPermanent(Exception exception)
    {
        Assert.Equal(FailureKind.Permanent, ExceptionClassifier.Classify(exception));
    }

    [Fact]
    public void Classify_AggregateOfSeveral_IsTransientEvenIfOneIsPermanent()
    {
        // Only a single wrapped exception is unwrapped; a mixed bag falls back to retrying.
        var exception = new AggregateException(new FormatException(), new IOException());

        Assert.Equal(FailureKind.Transient, ExceptionClassifier.Classify(exception));
    }

    private sealed class FakeDbException(bool transient) : DbException("fake")
    {
        public override bool IsTransient => transient;
    }
}
