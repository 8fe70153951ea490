namespace OcppCentral.Storage;

/// <summary>
/// Sessions of one charger or idTag (<see cref="Key"/>) in one currency, summed: Active sessions count but have no
/// energy or total yet; a session without a price has a null currency.
/// </summary>
public sealed record SessionTotals
{
    public string Key { get; init; } = "";
    public string? Currency { get; init; }
    public long Sessions { get; init; }
    public long ActiveSessions { get; init; }
    public decimal? EnergyWh { get; init; }
    public long? NetMinor { get; init; }
    public long? TotalMinor { get; init; }
    public long AnomalyCount { get; init; }
}
