namespace OcppCentral.Storage;

/// <summary>Sessions summed per key (a charger, a day index) and currency, with net and gross in minor units.</summary>
public sealed class MoneyTotalsRow
{
    public string Key { get; init; } = "";
    public string? Currency { get; init; }
    public long Sessions { get; init; }
    public decimal? EnergyWh { get; init; }
    public long? NetMinor { get; init; }
    public long? TotalMinor { get; init; }
    public long AnomalyCount { get; init; }
}

/// <summary>One anomaly with the session it was found in, for the console's latest-anomalies lists.</summary>
public sealed class ConsoleAnomalyRow
{
    public long TransactionId { get; init; }
    public string ChargePointId { get; init; } = "";
    public long ConnectorId { get; init; }
    public long StartTime { get; init; }
    public string Code { get; init; } = "";
    public string Detail { get; init; } = "";
}
