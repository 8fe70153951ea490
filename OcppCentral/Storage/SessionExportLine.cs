using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>
/// One session as the billing export lists it: its record's columns (its current version's, docs/corrections.md), the codes of
/// its anomalies joined by ';', and the version.
/// </summary>
public sealed record SessionExportLine(
    long TransactionId, string ChargePointId, int ConnectorId, string IdTag, DateTimeOffset StartTime, DateTimeOffset? StopTime,
    string Status, string? StopReason, long MeterStartWh, long? MeterStopWh, decimal? EnergyWh, string? EnergySource,
    decimal? DurationMinutes, decimal? ChargingMinutes, decimal? IdleMinutes, string? TariffId, string? Currency, Cost? Cost,
    string? AnomalyCodes, long Version, string? ReceiptToken = null);
