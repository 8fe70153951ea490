using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>
/// A session record as stored (docs/sessions-and-pricing.md). While <see cref="Active"/> only the start is known; once <see cref="Completed"/>
/// the figures and <see cref="Cost"/> are what the session was closed with (null figures: not measurable; null cost:
/// no price). <see cref="Version"/> is the current version (0 while Active; docs/corrections.md), <see cref="Corrected"/> whether an
/// operator corrected it, <see cref="Credit"/> and <see cref="Voided"/> the corrections its bill carries. The tariff copy it was pinned to is read apart (<see cref="SessionStore.RunningAsync"/>), as only the
/// estimate of an Active session and the close need it. <see cref="ReceiptToken"/> opens its public receipt (docs/receipts.md).
/// </summary>
/// <param name="SampleCount">How many meter values are stored for the session (docs/sessions-and-pricing.md, the limit per session).</param>
/// <param name="AwaitingChargerStop">An operator closed the session (correction kind close) and the charger's own StopTransaction has
/// not come yet; when it comes, it measures the session again (docs/corrections.md).</param>
public sealed record StoredSession(
    long TransactionId, string ChargePointId, int ConnectorId, string IdTag, int? ReservationId,
    DateTimeOffset StartTime, long MeterStartWh, string Status,
    DateTimeOffset? StopTime, long? MeterStopWh, string? StopReason, string? StopIdTag, string? TariffId,
    decimal? EnergyWh, string? EnergySource, decimal? DurationMinutes, decimal? ChargingMinutes, decimal? IdleMinutes,
    decimal? MaxPowerKw, decimal? AveragePowerKw, decimal? SocStartPercent, decimal? SocEndPercent, Cost? Cost, long SampleCount = 0,
    int Version = 0, bool Corrected = false, decimal? Credit = null, bool Voided = false, int? TariffVersion = null, string? ReceiptToken = null,
    bool AwaitingChargerStop = false)
{
    public const string Active = "Active";
    public const string Completed = "Completed";

    public bool IsActive => Status == Active;
}
