namespace OcppCentral.Storage;

/// <summary>A row of <c>sessions</c>. Computed figures are NUMERIC columns read back as decimal.</summary>
public sealed class SessionRow
{
    public long TransactionId { get; init; }
    public string ChargePointId { get; init; } = "";
    public long ConnectorId { get; init; }
    public string IdTag { get; init; } = "";
    public long? ReservationId { get; init; }
    public long StartTime { get; init; }
    public long MeterStartWh { get; init; }
    public string Status { get; init; } = "";
    public long? StopTime { get; init; }
    public long? MeterStopWh { get; init; }
    public string? StopReason { get; init; }
    public string? StopIdTag { get; init; }
    public string? TariffId { get; init; }
    public string? TariffDocument { get; init; }
    public decimal? EnergyWh { get; init; }
    public string? EnergySource { get; init; }
    public decimal? DurationMinutes { get; init; }
    public decimal? ChargingMinutes { get; init; }
    public decimal? IdleMinutes { get; init; }
    public decimal? MaxPowerKw { get; init; }
    public decimal? AveragePowerKw { get; init; }
    public decimal? SocStartPercent { get; init; }
    public decimal? SocEndPercent { get; init; }
    public string? Cost { get; init; }
    public string? Currency { get; init; }
    public long? TotalMinor { get; init; }
    public long AnomalyCount { get; init; }
    public long CreatedAt { get; init; }
    public long? ClosedAt { get; init; }

    public const string Active = "Active";
    public const string Completed = "Completed";
}
