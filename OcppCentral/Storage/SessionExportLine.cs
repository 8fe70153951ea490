using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>One session as the billing export lists it: its record's columns, and the codes of its anomalies joined by ';'.</summary>
public sealed record SessionExportLine(
    long TransactionId, string ChargePointId, int ConnectorId, string IdTag, DateTimeOffset StartTime, DateTimeOffset? StopTime,
    string Status, string? StopReason, long MeterStartWh, long? MeterStopWh, decimal? EnergyWh, string? EnergySource,
    decimal? DurationMinutes, decimal? ChargingMinutes, decimal? IdleMinutes, string? TariffId, string? Currency, Cost? Cost,
    string? AnomalyCodes, string? ReceiptToken = null);
