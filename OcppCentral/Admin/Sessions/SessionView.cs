using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// The session record of docs/sessions-and-pricing.md as the admin API shows it. While Active, the figures and <see cref="Cost"/> are an
/// estimate up to now (<see cref="Estimated"/> true); once Completed they are its current version's (<see cref="Version"/>; 0 while
/// Active), <see cref="Corrected"/> when an operator corrected it (docs/corrections.md).
/// <see cref="ReceiptUrl"/> is the driver's public receipt (docs/receipts.md), a path on this server.
/// </summary>
public sealed record SessionView(
    long TransactionId, string ChargePointId, int ConnectorId, string IdTag,
    DateTimeOffset StartTime, DateTimeOffset? StopTime, string Status, string? StopReason,
    long MeterStartWh, long? MeterStopWh, decimal? EnergyKwh, string? EnergySource,
    decimal? DurationMinutes, decimal? ChargingMinutes, decimal? IdleMinutes, decimal? MaxPowerKw, decimal? AveragePowerKw,
    decimal? SocStartPercent, decimal? SocEndPercent, string? TariffId, Cost? Cost, bool Estimated,
    IReadOnlyList<Anomaly> Anomalies, IReadOnlyList<SessionFeedback> Feedback, int Version, bool Corrected,
    int? TariffVersion, string? ReceiptUrl = null);
