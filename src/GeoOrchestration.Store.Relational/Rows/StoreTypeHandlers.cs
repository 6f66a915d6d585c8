using System.Data;
using Dapper;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// The Dapper type handlers for the row types' times and spans, one per type for every store.
/// </summary>
/// <remarks>
/// Dapper's handlers are process-wide (static), and both stores load into one process (the
/// PowerShell module, the tests). A handler per store would make the second registration replace
/// the first and misread the other store's rows, so there is exactly one, here, and it accepts each
/// store's form of the value: PostgreSQL's timestamptz (a UTC DateTime) and interval (TimeSpan),
/// and SQLite's INTEGER Unix milliseconds for both. Everything else the row types hold needs no
/// handler: the SQL casts it to a type the driver returns as is (jsonb::text, real::float8).
/// Parameters are never bound through Dapper, so <see cref="SqlMapper.TypeHandler{T}.SetValue"/>
/// only passes the value on.
/// </remarks>
public static class StoreTypeHandlers
{
    private static int _registered;

    /// <summary>Registers the handlers once; safe to call from any thread, any number of times.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        SqlMapper.AddTypeHandler(new TimeHandler());
        SqlMapper.AddTypeHandler(new SpanHandler());
    }

    /// <summary>A point in time: a UTC DateTime (PostgreSQL), a DateTimeOffset, or Unix epoch milliseconds (SQLite).</summary>
    public static DateTimeOffset ParseTime(object value) => value switch
    {
        DateTime { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime()),
        // Unspecified is how a driver hands back a UTC timestamp it does not label.
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        _ => throw new InvalidCastException($"A time column held a {value.GetType().Name}; expected a timestamp or Unix milliseconds."),
    };

    /// <summary>A duration: a TimeSpan (PostgreSQL interval) or milliseconds (SQLite).</summary>
    public static TimeSpan ParseSpan(object value) => value switch
    {
        TimeSpan span => span,
        long milliseconds => TimeSpan.FromMilliseconds(milliseconds),
        _ => throw new InvalidCastException($"A duration column held a {value.GetType().Name}; expected an interval or milliseconds."),
    };

    private sealed class TimeHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => ParseTime(value);

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value;
    }

    private sealed class SpanHandler : SqlMapper.TypeHandler<TimeSpan>
    {
        public override TimeSpan Parse(object value) => ParseSpan(value);

        public override void SetValue(IDbDataParameter parameter, TimeSpan value) => parameter.Value = value;
    }
}
