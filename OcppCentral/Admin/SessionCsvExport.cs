using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Storage;

namespace OcppCentral.Admin;

/// <summary>
/// GET /api/sessions/export.csv?from=&amp;to=: the billing export, one row per session (RFC 4180, invariant culture,
/// UTC timestamps), streamed so a year of sessions does not sit in memory. Text cells that a spreadsheet would
/// run as a formula (starting with = + - @, a tab or a carriage return) are prefixed with an apostrophe.
/// </summary>
public static class SessionCsvExport
{
    private const string Header =
        "transactionId,chargePointId,connectorId,idTag,startTime,stopTime,status,stopReason,meterStartWh,meterStopWh,energyKwh,energySource," +
        "durationMinutes,chargingMinutes,idleMinutes,tariffId,currency,net,tax,total,anomalies";

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExportAsync(HttpContext http, Database database, string? from, string? to,
        CancellationToken ct)
    {
        var (range, field, problem) = TimeRange.Parse(from, to);
        if (range is null)
            return Problems.Invalid(field!, problem!);

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"sessions.csv\"";
        await using var connection = database.Open();
        // Unbuffered through QueryUnbufferedAsync: QueryAsync without buffering disposes its command on return, and
        // Microsoft.Data.Sqlite closes the command's reader with it ("Invalid attempt to call Read when reader is closed").
        var rows = connection.QueryUnbufferedAsync<ExportRow>(
            """
            SELECT s.transaction_id, s.charge_point_id, s.connector_id, s.id_tag, s.start_time, s.stop_time, s.status, s.stop_reason,
                   s.meter_start_wh, s.meter_stop_wh, CAST(s.energy_wh AS REAL) AS energy_wh, s.energy_source,
                   CAST(s.duration_minutes AS REAL) AS duration_minutes, CAST(s.charging_minutes AS REAL) AS charging_minutes,
                   CAST(s.idle_minutes AS REAL) AS idle_minutes,
                   s.tariff_id, s.currency, s.cost,
                   (SELECT group_concat(code, ';') FROM session_anomalies a WHERE a.transaction_id = s.transaction_id) AS anomalies
            FROM sessions s
            WHERE (@FromMs IS NULL OR s.start_time >= @FromMs) AND (@ToMs IS NULL OR s.start_time < @ToMs)
            ORDER BY s.start_time, s.transaction_id
            """, new { range.FromMs, range.ToMs });

        var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await writer.WriteAsync(Header + "\r\n");
        await foreach (var row in rows.WithCancellation(ct))
            await writer.WriteAsync(Line(row) + "\r\n");
        await writer.FlushAsync(ct);
        return TypedResults.Empty;
    }

    private static string Line(ExportRow r)
    {
        var cost = r.Cost is null ? null : System.Text.Json.JsonSerializer.Deserialize<Pricing.Cost>(r.Cost, SessionStore.CostJson);
        string?[] cells =
        [
            Num(r.TransactionId), Text(r.ChargePointId), Num(r.ConnectorId), Text(r.IdTag), Time(r.StartTime), Time(r.StopTime), r.Status,
            Text(r.StopReason), Num(r.MeterStartWh), Num(r.MeterStopWh), Num(r.EnergyWh / 1000m), r.EnergySource,
            Num(r.DurationMinutes), Num(r.ChargingMinutes), Num(r.IdleMinutes), Text(r.TariffId), r.Currency,
            Num(cost?.Net), Num(cost?.Tax), Num(cost?.Total), r.Anomalies,
        ];
        return string.Join(',', cells.Select(Quote));
    }

    private static string? Num(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
    private static string? Num(long? value) => value?.ToString(CultureInfo.InvariantCulture);
    private static string? Time(long? ms) => ms is null ? null : UnixTime.FromMs(ms.Value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    private static string? Text(string? value) => value is { Length: > 0 } && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

    private static string Quote(string? cell) =>
        cell is null ? "" : cell.AsSpan().IndexOfAny(",\"\r\n ") >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

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
    }
}
