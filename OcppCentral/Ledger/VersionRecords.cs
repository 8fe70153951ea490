using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>Builds what a session version keeps (docs/corrections.md): its record, and what changed from the version before.</summary>
internal static class VersionRecords
{
    public static SessionFigures Figures(DateTimeOffset stopTime, long? meterStopWh, string? stopReason, SessionSummary summary, string? tariffId,
        int? tariffVersion, IReadOnlyList<long> excludedReadings, decimal? credit, bool voided, Cost? cost, IReadOnlyList<string> anomalies) =>
        new(stopTime, meterStopWh, stopReason, summary.EnergyWh, summary.EnergySource, summary.DurationMinutes, summary.ChargingMinutes,
            summary.IdleMinutes, summary.MaxPowerKw, summary.AveragePowerKw, summary.SocStartPercent, summary.SocEndPercent, tariffId, tariffVersion,
            excludedReadings, credit, voided, cost, anomalies);

    /// <summary>Field → { from, to } for every field of the record that differs (the bill by currency, net, tax and total).</summary>
    public static string Changes(SessionFigures? before, SessionFigures after)
    {
        var changes = new JsonObject();
        if (before is null)
            return changes.ToJsonString();
        void Compare(string field, JsonNode? from, JsonNode? to)
        {
            if (!JsonNode.DeepEquals(from, to))
                changes[field] = new JsonObject { ["from"] = from, ["to"] = to };
        }
        Compare("stopTime", Time(before.StopTime), Time(after.StopTime));
        Compare("meterStopWh", before.MeterStopWh, after.MeterStopWh);
        Compare("energyKwh", before.EnergyWh / 1000m, after.EnergyWh / 1000m);
        Compare("durationMinutes", before.DurationMinutes, after.DurationMinutes);
        Compare("idleMinutes", before.IdleMinutes, after.IdleMinutes);
        Compare("tariffId", before.TariffId, after.TariffId);
        Compare("tariffVersion", before.TariffVersion, after.TariffVersion);
        Compare("excludedReadings", List(before.ExcludedReadings), List(after.ExcludedReadings));
        Compare("credit", before.Credit, after.Credit);
        Compare("voided", before.Voided, after.Voided);
        Compare("currency", before.Cost?.Currency, after.Cost?.Currency);
        Compare("net", before.Cost?.Net, after.Cost?.Net);
        Compare("tax", before.Cost?.Tax, after.Cost?.Tax);
        Compare("total", before.Cost?.Total, after.Cost?.Total);
        Compare("anomalies", List(before.Anomalies), List(after.Anomalies));
        return changes.ToJsonString();
    }

    private static JsonNode? Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : null;

    private static JsonNode List<T>(IReadOnlyList<T>? items) => JsonSerializer.SerializeToNode(items ?? [])!;
}
