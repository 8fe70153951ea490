using System.Data.Common;
using System.Text.Json.Serialization;
using System.Text.Json;
using Dapper;
using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>
/// The versions of sessions (docs/corrections.md): append-only rows (triggers refuse UPDATE and DELETE), written inside the
/// writer's batches through <see cref="SessionWrites"/>, read here for the versions list and the corrections report.
/// </summary>
public sealed class SessionVersionStore(Database database)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const string Columns = "transaction_id, version, kind, actor, reason, changes, record, created_at";

    /// <summary>
    /// A session row's current record as the JSON of <see cref="SessionFigures"/>, in SQL: how the migration turned the
    /// sessions closed before versions existed into their version 1.
    /// </summary>
    internal static string RecordJson(string alias) =>
        $"""
        json_object(
            'stopTime', strftime('%Y-%m-%dT%H:%M:%fZ', {alias}.stop_time / 1000.0, 'unixepoch'), 'meterStopWh', {alias}.meter_stop_wh,
            'stopReason', {alias}.stop_reason, 'energyWh', {alias}.energy_wh, 'energySource', {alias}.energy_source,
            'durationMinutes', {alias}.duration_minutes, 'chargingMinutes', {alias}.charging_minutes, 'idleMinutes', {alias}.idle_minutes,
            'maxPowerKw', {alias}.max_power_kw, 'averagePowerKw', {alias}.average_power_kw, 'socStartPercent', {alias}.soc_start_percent,
            'socEndPercent', {alias}.soc_end_percent, 'tariffId', {alias}.tariff_id, 'excludedReadings', json('[]'),
            'voided', json('false'), 'cost', json({alias}.cost),
            'anomalies', json((SELECT json_group_array(code) FROM (SELECT code FROM session_anomalies a
                                WHERE a.transaction_id = {alias}.transaction_id ORDER BY a.id))))
        """;

    /// <summary>A session's versions, oldest first; empty while it is Active.</summary>
    public async Task<IReadOnlyList<SessionVersion>> ListAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM session_versions WHERE transaction_id = @transactionId ORDER BY version",
            new { transactionId }, cancellationToken: ct))).Select(r => r.ToVersion()).ToList();
    }

    /// <summary>
    /// What the versions made in [from, to) (after the first, which is the close) changed, per kind and currency: each
    /// version adds its net and total and takes away its predecessor's, so a re-price into another currency moves the money
    /// from one currency to the other.
    /// </summary>
    public async Task<IReadOnlyList<CorrectionTotal>> TotalsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Kind, string Currency, long Corrections, long NetMinor, long TotalMinor)>(new CommandDefinition(
            """
            SELECT kind, currency, SUM(counted), SUM(net_minor), SUM(total_minor) FROM (
                SELECT kind, currency, 1 AS counted, net_minor, total_minor FROM session_versions
                WHERE version > 1 AND currency IS NOT NULL
                  AND (@fromMs IS NULL OR created_at >= @fromMs) AND (@toMs IS NULL OR created_at < @toMs)
                UNION ALL
                SELECT kind, previous_currency, 0, -previous_net_minor, -previous_total_minor FROM session_versions
                WHERE version > 1 AND previous_currency IS NOT NULL
                  AND (@fromMs IS NULL OR created_at >= @fromMs) AND (@toMs IS NULL OR created_at < @toMs)) AS changes
            GROUP BY kind, currency
            ORDER BY kind, currency
            """, new { fromMs = UnixTime.ToMs(from), toMs = UnixTime.ToMs(to) }, cancellationToken: ct));
        return rows.Select(r => new CorrectionTotal(r.Kind, r.Currency, (int)r.Corrections, r.NetMinor / 100m, r.TotalMinor / 100m)).ToList();
    }

    internal static SessionVersion? Latest(DbConnection connection, DbTransaction transaction, long transactionId) =>
        connection.QuerySingleOrDefault<Row>(
            $"SELECT {Columns} FROM session_versions WHERE transaction_id = @transactionId ORDER BY version DESC LIMIT 1",
            new { transactionId }, transaction)?.ToVersion();

    /// <summary>The version an Idempotency-Key made, with the hash of the request that made it.</summary>
    internal static (SessionVersion Version, string? RequestHash)? ByIdempotencyKey(DbConnection connection, DbTransaction transaction,
        string key)
    {
        var row = connection.QuerySingleOrDefault<Row>(
            $"SELECT {Columns}, request_hash FROM session_versions WHERE idempotency_key = @key", new { key }, transaction);
        return row is null ? null : (row.ToVersion(), row.RequestHash);
    }

    /// <summary>Appends the next version of a session, and records it as the session's current version.</summary>
    internal static int Append(DbConnection connection, DbTransaction transaction, long transactionId, string kind, string actor,
        string? reason, string changesJson, SessionFigures record, string? idempotencyKey, string? requestHash, DateTimeOffset now)
    {
        var previous = connection.QuerySingleOrDefault<(long Version, string? Currency, long? NetMinor, long? TotalMinor)>(
            "SELECT version, currency, net_minor, total_minor FROM session_versions WHERE transaction_id = @transactionId ORDER BY version DESC LIMIT 1",
            new { transactionId }, transaction);
        var version = (int)previous.Version + 1;
        connection.Execute(
            """
            INSERT INTO session_versions (transaction_id, version, kind, actor, reason, changes, record, currency, net_minor, total_minor,
                previous_currency, previous_net_minor, previous_total_minor, idempotency_key, request_hash, created_at)
            VALUES (@transactionId, @version, @kind, @actor, @reason, @changesJson, @recordJson, @currency, @netMinor, @totalMinor,
                @previousCurrency, @previousNetMinor, @previousTotalMinor, @idempotencyKey, @requestHash, @nowMs);
            UPDATE sessions SET version = @version WHERE transaction_id = @transactionId;
            """,
            new
            {
                transactionId, version, kind, actor, reason, changesJson, recordJson = JsonSerializer.Serialize(record, Json),
                currency = record.Cost?.Currency, netMinor = Minor(record.Cost?.Net), totalMinor = Minor(record.Cost?.Total),
                previousCurrency = previous.Currency, previousNetMinor = previous.NetMinor, previousTotalMinor = previous.TotalMinor,
                idempotencyKey, requestHash, nowMs = UnixTime.ToMs(now),
            }, transaction);
        return version;
    }

    internal static long? Minor(decimal? amount) => amount is { } value ? (long)decimal.Round(value * 100m, 0, MidpointRounding.AwayFromZero) : null;

    private sealed class Row
    {
        public long TransactionId { get; init; }
        public long Version { get; init; }
        public string Kind { get; init; } = "";
        public string Actor { get; init; } = "";
        public string? Reason { get; init; }
        public string Changes { get; init; } = "{}";
        public string Record { get; init; } = "{}";
        public long CreatedAt { get; init; }
        public string? RequestHash { get; init; }

        public SessionVersion ToVersion()
        {
            using var changes = JsonDocument.Parse(Changes);
            return new SessionVersion(TransactionId, (int)Version, Kind, Actor, Reason, UnixTime.FromMs(CreatedAt), changes.RootElement.Clone(),
                JsonSerializer.Deserialize<SessionFigures>(Record, Json)!);
        }
    }
}
