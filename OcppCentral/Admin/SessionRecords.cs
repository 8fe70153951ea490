using System.Text.Json;
using Dapper;
using OcppCentral.Ledger;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin;

/// <summary>Builds <see cref="SessionView"/>s from stored rows: stored figures for closed sessions, a fresh estimate for Active ones.</summary>
public sealed class SessionRecords(Database database, TimeProvider time)
{
    public async Task<SessionView?> FindAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = database.Open();
        var row = SessionStore.Find(connection, null, transactionId);
        return row is null ? null : (await ViewsAsync(connection, [row], ct))[0];
    }

    public async Task<IReadOnlyList<SessionView>> ListAsync(SessionQuery query, CancellationToken ct)
    {
        await using var connection = database.Open();
        var rows = (await connection.QueryAsync<SessionRow>(new CommandDefinition(
            """
            SELECT * FROM sessions
            WHERE (@ChargePointId IS NULL OR charge_point_id = @ChargePointId)
              AND (@Status IS NULL OR status = @Status)
              AND (@FromMs IS NULL OR start_time >= @FromMs)
              AND (@ToMs IS NULL OR start_time < @ToMs)
            ORDER BY start_time DESC, transaction_id DESC
            LIMIT @Limit OFFSET @Offset
            """, query, cancellationToken: ct))).AsList();
        return await ViewsAsync(connection, rows, ct);
    }

    private async Task<IReadOnlyList<SessionView>> ViewsAsync(Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyList<SessionRow> rows,
        CancellationToken ct)
    {
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(r => r.TransactionId).ToArray();
        var anomalies = (await connection.QueryAsync<(long TransactionId, string Code, string Detail)>(new CommandDefinition(
                "SELECT transaction_id, code, detail FROM session_anomalies WHERE transaction_id IN @ids ORDER BY id", new { ids }, cancellationToken: ct)))
            .ToLookup(a => a.TransactionId, a => new Anomaly(a.Code, a.Detail));
        var feedback = (await connection.QueryAsync<FeedbackRow>(new CommandDefinition(
                "SELECT * FROM feedback WHERE transaction_id IN @ids ORDER BY id", new { ids }, cancellationToken: ct)))
            .ToLookup(f => f.TransactionId, FeedbackView.From);
        return rows.Select(row => row.Status == SessionRow.Active
                ? Estimate(connection, row, anomalies[row.TransactionId].ToList(), feedback[row.TransactionId].ToList())
                : Stored(row, anomalies[row.TransactionId].ToList(), feedback[row.TransactionId].ToList()))
            .ToList();
    }

    private static SessionView Stored(SessionRow row, IReadOnlyList<Anomaly> anomalies, IReadOnlyList<FeedbackView> feedback) =>
        new(row.TransactionId, row.ChargePointId, (int)row.ConnectorId, row.IdTag, UnixTime.FromMs(row.StartTime), UnixTime.FromMs(row.StopTime),
            row.Status, row.StopReason, row.MeterStartWh, row.MeterStopWh, row.EnergyWh / 1000m, row.EnergySource,
            row.DurationMinutes, row.ChargingMinutes, row.IdleMinutes, row.MaxPowerKw, row.AveragePowerKw, row.SocStartPercent, row.SocEndPercent,
            row.TariffId, row.Cost is null ? null : JsonSerializer.Deserialize<Cost>(row.Cost, SessionStore.CostJson), Estimated: false,
            anomalies, feedback);

    private SessionView Estimate(Microsoft.Data.Sqlite.SqliteConnection connection, SessionRow row, IReadOnlyList<Anomaly> anomalies,
        IReadOnlyList<FeedbackView> feedback)
    {
        var start = UnixTime.FromMs(row.StartTime);
        var now = time.GetUtcNow();
        var samples = MeterValueStore.ForTransaction(connection, null, row.TransactionId);
        var facts = new SessionFacts(start, now < start ? start : now, row.MeterStartWh, null, samples);
        var (summary, _, cost) = SessionEvaluator.Estimate(facts, TariffPinning.Read(row.TariffDocument));
        return new SessionView(row.TransactionId, row.ChargePointId, (int)row.ConnectorId, row.IdTag, start, null, row.Status, null,
            row.MeterStartWh, null, summary.EnergyKwh, summary.EnergySource, summary.DurationMinutes, summary.ChargingMinutes,
            summary.IdleMinutes, summary.MaxPowerKw, summary.AveragePowerKw, summary.SocStartPercent, summary.SocEndPercent,
            row.TariffId, cost, Estimated: true, anomalies, feedback);
    }
}
