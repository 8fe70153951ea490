using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>
/// A session's record as one version left it (docs/corrections.md): the stop it was measured to, its figures, the tariff
/// that priced it, the corrections that shape its bill (excluded readings, credit, void), the bill and the anomaly codes.
/// Kept as JSON in <c>session_versions.record</c>; a field a later schema adds reads as null in older versions.
/// </summary>
public sealed record SessionFigures(
    DateTimeOffset? StopTime, long? MeterStopWh, string? StopReason, decimal? EnergyWh, string? EnergySource,
    decimal? DurationMinutes, decimal? ChargingMinutes, decimal? IdleMinutes, decimal? MaxPowerKw, decimal? AveragePowerKw,
    decimal? SocStartPercent, decimal? SocEndPercent, string? TariffId, int? TariffVersion, IReadOnlyList<long>? ExcludedReadings,
    decimal? Credit, bool Voided, Cost? Cost, IReadOnlyList<string>? Anomalies);
