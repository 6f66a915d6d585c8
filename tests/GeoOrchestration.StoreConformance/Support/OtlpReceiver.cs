using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// A small OTLP/HTTP trace receiver on 127.0.0.1 (http/protobuf, <c>POST /v1/traces</c>), as a collector
/// would be: it answers 200 and decodes the spans' ids, names and attributes from the protobuf by hand
/// (the OpenTelemetry.Proto classes are not served here). It counts every request, so a test can
/// tell that nothing connected.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    /// <summary>One span as exported: ids as lowercase hex, attributes as text.</summary>
    public sealed record Span(string TraceId, string SpanId, string ParentSpanId, string Name,
        IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Span> _spans = new();
    private readonly Task _serving;
    private int _requests;

    public OtlpReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT; the exporter adds /v1/traces).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<Span> Spans => _spans.ToList();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
                foreach (var span in Decode(body.ToArray())) _spans.Enqueue(span);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    // ExportTraceServiceRequest: resource_spans = 1. ResourceSpans: resource = 1, scope_spans = 2.
    // Resource: attributes = 1. ScopeSpans: spans = 2. Span: trace_id = 1, span_id = 2,
    // parent_span_id = 4, name = 5, attributes = 9. KeyValue: key = 1, value = 2 (AnyValue:
    // string_value = 1, bool_value = 2, int_value = 3).
    private static IEnumerable<Span> Decode(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1).Select(f => f.Bytes))
        {
            var resource = Fields(resourceSpans).Where(f => f.Number == 1)
                .SelectMany(r => Fields(r.Bytes).Where(f => f.Number == 1)).Select(f => Attribute(f.Bytes)).ToDictionary();
            foreach (var scopeSpans in Fields(resourceSpans).Where(f => f.Number == 2).Select(f => f.Bytes))
                foreach (var span in Fields(scopeSpans).Where(f => f.Number == 2).Select(f => Fields(f.Bytes).ToList()))
                    yield return new Span(Hex(span, 1), Hex(span, 2), Hex(span, 4),
                        Encoding.UTF8.GetString(span.FirstOrDefault(f => f.Number == 5).Bytes ?? []),
                        span.Where(f => f.Number == 9).Select(f => Attribute(f.Bytes)).ToDictionary(), resource);
        }
    }

    private static string Hex(List<(int Number, byte[] Bytes)> fields, int number) =>
        Convert.ToHexString(fields.FirstOrDefault(f => f.Number == number).Bytes ?? []).ToLowerInvariant();

    private static KeyValuePair<string, string> Attribute(byte[] keyValue)
    {
        var fields = Fields(keyValue).ToList();
        var key = Encoding.UTF8.GetString(fields.First(f => f.Number == 1).Bytes);
        var value = FieldsWithVarints(fields.FirstOrDefault(f => f.Number == 2).Bytes ?? []).FirstOrDefault();
        var text = value.Number switch
        {
            1 => Encoding.UTF8.GetString(value.Bytes),
            2 => (value.Varint != 0).ToString().ToLowerInvariant(),
            3 => ((long)value.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "",
        };
        return new(key, text);
    }

    /// <summary>The fields of a protobuf message: length-delimited ones with their bytes, varints with their value; fixed ones skipped.</summary>
    private static IEnumerable<(int Number, byte[] Bytes, ulong Varint)> FieldsWithVarints(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message, ref position);
            var (number, wire) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wire)
            {
                case 0: yield return (number, [], Varint(message, ref position)); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    yield return (number, message[position..(position + length)], 0);
                    position += length;
                    break;
                default: throw new InvalidDataException($"Wire type {wire} is not one OTLP traces use.");
            }
        }
    }

    private static IEnumerable<(int Number, byte[] Bytes)> Fields(byte[] message) =>
        FieldsWithVarints(message).Select(f => (f.Number, f.Bytes));

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(10));
    }
}
