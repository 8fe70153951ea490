namespace OcppCentral.Storage;

/// <summary>How long a charger had at least one Active session within a period, in milliseconds.</summary>
public sealed record BusyTime
{
    public string ChargePointId { get; init; } = "";
    public long BusyMs { get; init; }
}
