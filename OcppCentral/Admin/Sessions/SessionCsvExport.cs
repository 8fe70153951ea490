using System.Globalization;
using System.Text;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// The billing export, one row per session (RFC 4180, invariant culture, UTC timestamps), written as the sessions
/// stream in. Text cells that a spreadsheet could run as a formula are defused with a leading apostrophe
/// (<see cref="Defuse"/>).
/// </summary>
public static class SessionCsvExport
{
    private const string Header =
        "transactionId,chargePointId,connectorId,idTag,startTime,stopTime,status,stopReason,meterStartWh,meterStopWh,energyKwh,energySource," +
        "durationMinutes,chargingMinutes,idleMinutes,tariffId,currency,net,tax,total,anomalies,version,receiptUrl";

    /// <param name="receiptBase">The path receipts live under (<c>/receipt/</c>); each row's receiptUrl adds its token.</param>
    public static async Task WriteAsync(Stream body, IAsyncEnumerable<SessionExportLine> sessions, string receiptBase, CancellationToken ct)
    {
        var writer = new StreamWriter(body, new UTF8Encoding(false));
        await writer.WriteAsync(Header + "\r\n");
        await foreach (var session in sessions.WithCancellation(ct))
            await writer.WriteAsync(Line(session, receiptBase) + "\r\n");
        await writer.FlushAsync(ct);
    }

    private static string Line(SessionExportLine s, string receiptBase)
    {
        string?[] cells =
        [
            Num(s.TransactionId), Text(s.ChargePointId), Num(s.ConnectorId), Text(s.IdTag), Time(s.StartTime), Time(s.StopTime), s.Status,
            Text(s.StopReason), Num(s.MeterStartWh), Num(s.MeterStopWh), Num(s.EnergyWh / 1000m), s.EnergySource,
            Num(s.DurationMinutes), Num(s.ChargingMinutes), Num(s.IdleMinutes), Text(s.TariffId), s.Currency,
            Num(s.Cost?.Net), Num(s.Cost?.Tax), Num(s.Cost?.Total), s.AnomalyCodes, Num(s.Version),
            s.ReceiptToken is null ? null : Text(receiptBase + s.ReceiptToken),
        ];
        return string.Join(',', cells.Select(Quote));
    }

    private static string? Num(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
    private static string? Num(long? value) => value?.ToString(CultureInfo.InvariantCulture);
    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    private static string? Text(string? value) => Defuse(value);

    /// <summary>
    /// A text cell with an apostrophe in front when a spreadsheet could read it as a formula (docs/admin-api.md): it
    /// starts with a tab, carriage return or line feed, or its first character after any leading white space is
    /// = + - @ (or their full-width forms), so "\n=1+2" and "  @SUM(A1)" are defused as "=1+2" is.
    /// </summary>
    public static string? Defuse(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return value;
        if (value[0] is '\t' or '\r' or '\n')
            return "'" + value;
        var first = value.AsSpan().TrimStart();
        return first.Length > 0 && FormulaStarts.Contains(first[0]) ? "'" + value : value;
    }

    private const string FormulaStarts = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

    private static string Quote(string? cell) =>
        cell is null ? "" : cell.AsSpan().IndexOfAny(",\"\r\n ") >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
