using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin;

/// <summary>
/// The Completed sessions a tariff what-if re-prices, read a page at a time in start order, each page with the meter
/// values of its sessions in one query: memory holds one page however many sessions the range has. Keyset paging on
/// (start_time, transaction_id) rides the start-time index and never re-reads earlier pages.
/// </summary>
internal static class TariffSimulationSessions
{
    public const int PageSize = 1000;

    /// <summary>A closed session as it was measured and what it was charged (null: closed without a price).</summary>
    public sealed record Session(string ChargePointId, SessionFacts Facts, Revenue? Actual);

    public static async IAsyncEnumerable<Session> ReadAsync(SqliteConnection connection, SqliteTransaction transaction,
        TariffSimulationQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        // Two fixed texts rather than "@chargePointId IS NULL OR …", which would keep SQLite off the per-charger index.
        var chargerFilter = query.ChargePointId is null ? "" : "AND charge_point_id = @ChargePointId";
        var sql =
            $"""
             SELECT transaction_id, charge_point_id, start_time, stop_time, meter_start_wh, meter_stop_wh, currency,
                    cost -> '$.net' AS net, cost -> '$.total' AS total
             FROM sessions
             WHERE status = 'Completed' AND start_time < @ToMs {chargerFilter}
               AND start_time >= @AfterStart AND (start_time > @AfterStart OR transaction_id > @AfterId)
             ORDER BY start_time, transaction_id
             LIMIT {PageSize}
             """;
        var parameters = new { ToMs = UnixTime.ToMs(query.To), query.ChargePointId, AfterStart = UnixTime.ToMs(query.From), AfterId = 0L };
        while (true)
        {
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct))).AsList();
            if (rows.Count == 0)
                yield break;
            var ids = rows.Select(r => r.TransactionId).ToArray();
            var samples = (await connection.QueryAsync<MeterValueRow>(new CommandDefinition(
                    """
                    SELECT transaction_id, timestamp, measurand, value, unit, phase, context, location, format, normalized_value, normalized_unit
                    FROM meter_values WHERE transaction_id IN @ids ORDER BY transaction_id, timestamp, id
                    """,
                    new { ids }, transaction, cancellationToken: ct)))
                .ToLookup(r => r.TransactionId, r => r.ToSample());
            foreach (var row in rows)
                yield return new Session(row.ChargePointId, row.Facts(samples[row.TransactionId].ToList()), row.Actual());
            if (rows.Count < PageSize)
                yield break;
            parameters = parameters with { AfterStart = rows[^1].StartTime, AfterId = rows[^1].TransactionId };
        }
    }

    private sealed class Row
    {
        public long TransactionId { get; init; }
        public string ChargePointId { get; init; } = "";
        public long StartTime { get; init; }
        public long? StopTime { get; init; }
        public long MeterStartWh { get; init; }
        public long? MeterStopWh { get; init; }
        public string? Currency { get; init; }
        public string? Net { get; init; }
        public string? Total { get; init; }

        /// <summary>The facts the session was closed with (SPEC 4): its start, stop, meterStart, meterStop and every stored sample.</summary>
        public SessionFacts Facts(IReadOnlyList<MeterSample> samples) =>
            new(UnixTime.FromMs(StartTime), UnixTime.FromMs(StopTime ?? StartTime), MeterStartWh, MeterStopWh, samples);

        public Revenue? Actual() => Currency is null || Net is null || Total is null ? null
            : new Revenue(Currency, Amount(Net), Amount(Total));

        private static decimal Amount(string json) => decimal.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
