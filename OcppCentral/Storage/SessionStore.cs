using System.Runtime.CompilerServices;
using Dapper;
using OcppCentral.Operations;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// Session records: the reads of the admin API and the console, each on its own connection, and
/// <see cref="WriteAsync{T}"/>, through which the ledger changes them inside one of the writer's batches.
/// </summary>
public sealed class SessionStore(Database database, StorageWriter writer, ChargeMonitorMetrics? metrics = null, WebhookOutbox? outbox = null)
{
    /// <summary>
    /// Runs <paramref name="work"/> inside one of the writer's transactions; completes once its batch is committed.
    /// <paramref name="session"/>, when known, is the session the work looks up first (<see cref="SessionWrites.OwnerOf"/>): on
    /// PostgreSQL the writer then reads the sessions of its whole batch in one query.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SessionWrites, T> work, CancellationToken ct, long? session = null) =>
        writer.WriteSessionsAsync((connection, transaction) => work(new SessionWrites(connection, transaction, writer, metrics, outbox)), session, ct);

    /// <summary>Sessions Active now; read when metrics are collected (docs/observability.md), from the partial index of Active sessions.</summary>
    public long CountActive()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sessions WHERE status = 'Active'");
    }

    public async Task<StoredSession?> FindAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {SessionRow.Columns} FROM sessions WHERE transaction_id = @transactionId", new { transactionId },
            cancellationToken: ct)))?.ToSession();
    }

    /// <summary>The session a receipt token opens (docs/receipts.md); null for any other token. Check its shape first.</summary>
    public async Task<StoredSession?> FindByReceiptTokenAsync(string token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {SessionRow.Columns} FROM sessions WHERE receipt_token = @token", new { token },
            cancellationToken: ct)))?.ToSession();
    }

    public async Task<IReadOnlyList<StoredSession>> ListAsync(SessionQuery query, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<SessionRow>(new CommandDefinition(
            $"""
            SELECT {SessionRow.Columns} FROM sessions
            WHERE (@ChargePointId IS NULL OR charge_point_id = @ChargePointId)
              AND (@Status IS NULL OR status = @Status)
              AND (@fromMs IS NULL OR start_time >= @fromMs)
              AND (@toMs IS NULL OR start_time < @toMs)
            ORDER BY start_time DESC, transaction_id DESC
            LIMIT @Limit OFFSET @Offset
            """,
            new { query.ChargePointId, query.Status, fromMs = UnixTime.ToMs(query.From), toMs = UnixTime.ToMs(query.To), query.Limit, query.Offset },
            cancellationToken: ct))).Select(r => r.ToSession()).ToList();
    }

    /// <summary>The anomalies of each of <paramref name="transactionIds"/>, in the order found: one query for a page of sessions.</summary>
    public async Task<ILookup<long, Anomaly>> AnomaliesAsync(IReadOnlyCollection<long> transactionIds, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(long TransactionId, string Code, string Detail)>(new CommandDefinition(
                $"SELECT transaction_id, code, detail FROM session_anomalies WHERE {database.Dialect.In("transaction_id", "@transactionIds")} AND status <> 'Resolved' ORDER BY id",
                new { transactionIds = transactionIds.ToArray() }, cancellationToken: ct)))
            .ToLookup(a => a.TransactionId, a => new Anomaly(a.Code, a.Detail));
    }

    /// <summary>
    /// What an Active session's running estimate is rebuilt from (after a restart, or when it fell out of step): its start,
    /// pinned tariff, sample count and measured samples, from one snapshot of the file, so the count says exactly which
    /// samples were read. Null when there is no such session.
    /// </summary>
    public async Task<RunningSession?> RunningAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = database.BeginSnapshot(connection);
        var session = await connection.QuerySingleOrDefaultAsync<(string Status, long StartTime, long MeterStartWh, string? Document, long SampleCount)?>(
            new CommandDefinition(
                "SELECT status, start_time, meter_start_wh, tariff_document, sample_count FROM sessions WHERE transaction_id = @transactionId",
                new { transactionId }, transaction, cancellationToken: ct));
        if (session is not { } found)
            return null;
        var samples = await MeterValueStore.MeasuredAsync(connection, transaction, transactionId, ct);
        await transaction.CommitAsync(ct);
        return new RunningSession(found.Status == StoredSession.Active, UnixTime.FromMs(found.StartTime), found.MeterStartWh,
            TariffStore.Read(found.Document), found.SampleCount, samples);
    }

    /// <summary>
    /// What closing a session reads, off the writer (docs/architecture.md): its pinned tariff, its samples and their count,
    /// from one snapshot of the file, so the count says exactly which samples were read. Null when there is no such session.
    /// </summary>
    /// <param name="until">The end of the window of charger events read (from the session's start): the time of the close.</param>
    public async Task<SessionHistory?> HistoryAsync(long transactionId, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // A deferred transaction: a read snapshot that takes no write lock, so the writer runs on meanwhile.
        await using var transaction = database.BeginSnapshot(connection);
        // The four reads as one command: on PostgreSQL one round trip (with the BEGIN), not five.
        await using var reads = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            SELECT sample_count, tariff_document FROM sessions WHERE transaction_id = @transactionId;
            {MeterValueStore.MeasuredSql};
            {MeterValueStore.ReceiptsSql};
            {ChargerEventStore.SessionHealthEventsSql};
            """, new { transactionId, untilMs = UnixTime.ToMs(until) }, transaction, cancellationToken: ct));
        var session = await reads.ReadSingleOrDefaultAsync<(long SampleCount, string? Document)?>();
        var samples = (await reads.ReadAsync<MeterValueRow>()).Select(row => row.ToSample()).ToList();
        var receipts = (await reads.ReadAsync<(long, long)>()).AsList();
        var events = (await reads.ReadAsync<ChargerEventRow>()).Select(row => row.ToEvent()).ToList();
        await transaction.CommitAsync(ct);
        return session is { } found
            ? new SessionHistory(found.SampleCount, TariffStore.Read(found.Document), samples, receipts, events)
            : null;
    }

    /// <summary>
    /// Every session started in [from, to) (a missing bound is open), oldest first, streamed from one query so a year of
    /// sessions does not sit in memory.
    /// </summary>
    public async IAsyncEnumerable<SessionExportLine> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken ct)
    {
        var real = database.Dialect.Double;
        await using var connection = await database.OpenAsync(ct);
        // Unbuffered through QueryUnbufferedAsync: QueryAsync without buffering disposes its command on return, and
        // Microsoft.Data.Sqlite closes the command's reader with it ("Invalid attempt to call Read when reader is closed").
        var rows = connection.QueryUnbufferedAsync<ExportRow>(
            $"""
            SELECT s.transaction_id, s.charge_point_id, s.connector_id, s.id_tag, s.start_time, s.stop_time, s.status, s.stop_reason,
                   s.meter_start_wh, s.meter_stop_wh, CAST(s.energy_wh AS {real}) AS energy_wh, s.energy_source,
                   CAST(s.duration_minutes AS {real}) AS duration_minutes, CAST(s.charging_minutes AS {real}) AS charging_minutes,
                   CAST(s.idle_minutes AS {real}) AS idle_minutes,
                   s.tariff_id, s.currency, s.cost, s.version,
                   (SELECT {database.Dialect.GroupConcat("code", ";")} FROM session_anomalies a WHERE a.transaction_id = s.transaction_id AND a.status <> 'Resolved') AS anomalies,
                   s.receipt_token
            FROM sessions s
            WHERE (@fromMs IS NULL OR s.start_time >= @fromMs) AND (@toMs IS NULL OR s.start_time < @toMs)
            ORDER BY s.start_time, s.transaction_id
            """, new { fromMs = UnixTime.ToMs(from), toMs = UnixTime.ToMs(to) });
        await foreach (var row in rows.WithCancellation(ct))
            yield return row.ToLine();
    }

    private sealed class ExportRow
    {
        public long TransactionId { get; init; }
        public string ChargePointId { get; init; } = "";
        public long ConnectorId { get; init; }
        public string IdTag { get; init; } = "";
        public long StartTime { get; init; }
        public long? StopTime { get; init; }
        public string Status { get; init; } = "";
        public string? StopReason { get; init; }
        public long MeterStartWh { get; init; }
        public long? MeterStopWh { get; init; }
        public decimal? EnergyWh { get; init; }
        public string? EnergySource { get; init; }
        public decimal? DurationMinutes { get; init; }
        public decimal? ChargingMinutes { get; init; }
        public decimal? IdleMinutes { get; init; }
        public string? TariffId { get; init; }
        public string? Currency { get; init; }
        public string? Cost { get; init; }
        public string? Anomalies { get; init; }
        public long Version { get; init; }
        public string? ReceiptToken { get; init; }

        public SessionExportLine ToLine() => new(TransactionId, ChargePointId, (int)ConnectorId, IdTag, UnixTime.FromMs(StartTime),
            UnixTime.FromMs(StopTime), Status, StopReason, MeterStartWh, MeterStopWh, EnergyWh, EnergySource, DurationMinutes,
            ChargingMinutes, IdleMinutes, TariffId, Currency, SessionRow.ReadCost(Cost), Anomalies, Version, ReceiptToken);
    }
}
