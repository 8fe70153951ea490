namespace OcppCentral.Pricing;

/// <summary>
/// Sums closed sessions into <see cref="RevenueComparison"/>s when each session is re-priced in its own currency (the fleet
/// what-if's <c>adjust</c>, docs/sessions-and-pricing.md): one comparison per currency, and one over all sessions whose candidate
/// and difference are given only when the sessions share one currency (amounts are never added across currencies).
/// </summary>
public sealed class CurrencyRevenueTally
{
    private readonly SortedDictionary<string, RevenueTally> _currencies = new(StringComparer.Ordinal);
    private int _withoutCurrency;
    private decimal _energyWhWithoutCurrency;

    /// <param name="energyWh">The session's billed energy.</param>
    /// <param name="actual">What the session was charged; null when it was closed without a price.</param>
    /// <param name="candidate">The session re-priced; null when it cannot be priced (no tariff, unmeasurable): it counts 0.</param>
    public void Add(decimal energyWh, Revenue? actual, Revenue? candidate)
    {
        if ((candidate?.Currency ?? actual?.Currency) is not { } currency)
        {
            _withoutCurrency++;
            _energyWhWithoutCurrency += energyWh;
            return;
        }
        if (!_currencies.TryGetValue(currency, out var tally))
            _currencies[currency] = tally = new RevenueTally(currency);
        tally.Add(energyWh, actual, candidate ?? new Revenue(currency, 0m, 0m));
    }

    /// <summary>One comparison per currency the sessions are priced in, by currency code.</summary>
    public IReadOnlyList<RevenueComparison> PerCurrency() => _currencies.Values.Select(tally => tally.ToComparison()).ToList();

    /// <summary>
    /// Every session: with one currency, that currency's comparison plus the sessions priced in none (counted unpriced); with
    /// several, the actual revenue per currency and no candidate or difference (<c>currencyMismatch</c>); with none, no candidate.
    /// </summary>
    public RevenueComparison ToComparison(string? chargePointId = null)
    {
        var perCurrency = PerCurrency();
        var actual = perCurrency.SelectMany(c => c.Actual).ToList();
        var sessions = perCurrency.Sum(c => c.Sessions) + _withoutCurrency;
        var unpriced = perCurrency.Sum(c => c.UnpricedSessions) + _withoutCurrency;
        var energyKwh = perCurrency.Sum(c => c.EnergyKwh) + _energyWhWithoutCurrency / 1000m;
        var single = perCurrency.Count == 1 ? perCurrency[0] : null;
        return new RevenueComparison(chargePointId, sessions, unpriced, energyKwh, actual, single?.Candidate, single?.Difference,
            perCurrency.Count > 1);
    }
}
