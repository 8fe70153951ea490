using System.Text.Json;
using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// One version of a session as GET /api/sessions/{id}/versions and a correction's 201 show it (docs/corrections.md): who made it,
/// when, why, what changed (field → { from, to }), and the record and bill it left.
/// </summary>
public sealed record SessionVersionView(
    long TransactionId, int Version, string Kind, string Actor, string? Reason, DateTimeOffset CreatedAt, JsonElement Changes,
    DateTimeOffset? StopTime, long? MeterStopWh, string? StopReason, decimal? EnergyKwh, string? EnergySource, decimal? DurationMinutes,
    decimal? ChargingMinutes, decimal? IdleMinutes, decimal? MaxPowerKw, decimal? AveragePowerKw, decimal? SocStartPercent,
    decimal? SocEndPercent, string? TariffId, int? TariffVersion, IReadOnlyList<long> ExcludedReadings, decimal? Credit, bool Voided,
    Cost? Cost, IReadOnlyList<string> Anomalies)
{
    public static SessionVersionView From(SessionVersion v)
    {
        var r = v.Record;
        return new(v.TransactionId, v.Version, v.Kind, v.Actor, v.Reason, v.CreatedAt, v.Changes, r.StopTime, r.MeterStopWh, r.StopReason,
            r.EnergyWh / 1000m, r.EnergySource, r.DurationMinutes, r.ChargingMinutes, r.IdleMinutes, r.MaxPowerKw, r.AveragePowerKw,
            r.SocStartPercent, r.SocEndPercent, r.TariffId, r.TariffVersion, r.ExcludedReadings ?? [], r.Credit, r.Voided, r.Cost,
            r.Anomalies ?? []);
    }
}
