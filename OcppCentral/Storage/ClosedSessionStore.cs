using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// The Completed sessions a tariff what-if re-prices, read a page at a time in start order, each page with the meter
/// values of its sessions in one query: memory holds one page however many sessions the range has. Keyset paging on
/// (start_time, transaction_id) rides the start-time index and never re-reads earlier pages.
/// </summary>
public sealed class ClosedSessionStore(Database database)
{
    public const int PageSize = 1000;

    /// <summary>
    /// The Completed sessions the filter names, in start order. One deferred (read) transaction: every page sees one snapshot,
    /// so totals over them describe one moment; it does not hold the write lock, so chargers' messages keep being committed
    /// meanwhile (WAL).
    /// </summary>
    public async IAsyncEnumerable<ClosedSession> ReadAsync(ClosedSessionFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = database.BeginSnapshot(connection);
        // Fixed texts rather than "@chargePointId IS NULL OR …", which would keep SQLite off the per-charger index.
        var chargerFilter = filter.ChargePointIds is null ? "" : $"AND {database.Dialect.In("charge_point_id", "@ChargePointIds")}";
        var tariffFilter = filter.TariffId is null ? "" : "AND tariff_id = @TariffId";
        var sql =
            $"""
             SELECT transaction_id, charge_point_id, start_time, stop_time, meter_start_wh, meter_stop_wh, currency,
                    {database.Dialect.JsonField("cost", "net")} AS net, {database.Dialect.JsonField("cost", "total")} AS total,
                    tariff_document, tariff_id, tariff_version, credit, voided
             FROM sessions
             WHERE status = 'Completed' AND start_time < @ToMs {chargerFilter} {tariffFilter}
               AND start_time >= @AfterStart AND (start_time > @AfterStart OR transaction_id > @AfterId)
             ORDER BY start_time, transaction_id
             LIMIT {PageSize}
             """;
        var parameters = new
        {
            ToMs = UnixTime.ToMs(filter.To), ChargePointIds = filter.ChargePointIds?.ToArray(), filter.TariffId, AfterStart = UnixTime.ToMs(filter.From), AfterId = 0L,
        };
        while (true)
        {
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct))).AsList();
            if (rows.Count == 0)
                yield break;
            var samples = await MeterValueStore.ForTransactionsAsync(connection, transaction, rows.Select(r => r.TransactionId).ToArray(), ct);
            foreach (var row in rows)
                yield return new ClosedSession(row.TransactionId, row.ChargePointId, row.Facts(samples[row.TransactionId].ToList()), row.Actual(),
                    TariffStore.Read(row.TariffDocument), row.TariffId, (int?)row.TariffVersion, row.Credit, row.Voided != 0);
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
        public string? TariffDocument { get; init; }
        public string? TariffId { get; init; }
        public long? TariffVersion { get; init; }
        public decimal? Credit { get; init; }
        public long Voided { get; init; }

        /// <summary>The facts the session was closed with (docs/sessions-and-pricing.md): its start, stop, meterStart, meterStop and every stored sample.</summary>
        public SessionFacts Facts(IReadOnlyList<MeterSample> samples) =>
            new(UnixTime.FromMs(StartTime), UnixTime.FromMs(StopTime ?? StartTime), MeterStartWh, MeterStopWh, samples);

        public Revenue? Actual() => Currency is null || Net is null || Total is null ? null
            : new Revenue(Currency, Amount(Net), Amount(Total));

        private static decimal Amount(string json) => decimal.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
