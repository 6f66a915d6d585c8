namespace GeoOrchestration.Sqlite;

/// <summary>What <see cref="SqliteMetrics"/> reads: the named queries of <c>sql/sqlite/queries/metrics.sql</c> and the commit count.</summary>
public sealed partial class SqliteStore
{
    /// <summary>Write transactions this store object has committed (not those of other store objects or processes).</summary>
    internal long WriteTransactions => _database.Commits;

    internal Task<double?> MetricScalarAsync(string query, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(query, connection, null, parameters);
            var scalar = await command.ExecuteScalarAsync(cancellationToken);
            return scalar is null or DBNull ? (double?)null : Convert.ToDouble(scalar, System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    internal Task<IReadOnlyList<double>> MetricColumnAsync(string query, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadAsync<IReadOnlyList<double>>(async connection =>
        {
            await using var command = Command(query, connection, null, parameters);
            var values = new List<double>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) if (!reader.IsDBNull(0)) values.Add(reader.GetDouble(0));
            return values;
        }, cancellationToken);
}
