namespace OcppCentral.Storage;

/// <summary>A line of the console's session table: what the table shows, without the cost and tariff JSON.</summary>
public sealed class ConsoleSessionRow
{
    public long TransactionId { get; init; }
    public string ChargePointId { get; init; } = "";
    public long ConnectorId { get; init; }
    public string IdTag { get; init; } = "";
    public string Status { get; init; } = "";
    public long StartTime { get; init; }
    public long? StopTime { get; init; }
    public decimal? EnergyWh { get; init; }
    public decimal? DurationMinutes { get; init; }
    public string? Currency { get; init; }
    public long? TotalMinor { get; init; }
    public long AnomalyCount { get; init; }
    public long FeedbackCount { get; init; }
}
