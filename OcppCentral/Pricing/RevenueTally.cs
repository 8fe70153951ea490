namespace OcppCentral.Pricing;

/// <summary>
/// Sums closed sessions one at a time into a <see cref="RevenueComparison"/>, so a year of sessions can
/// be compared without holding them: per session only its energy, what it was charged and what the
/// candidate tariff would have charged.
/// </summary>
public sealed class RevenueTally(string candidateCurrency)
{
    private readonly SortedDictionary<string, (int Sessions, decimal Net, decimal Total)> _actual = new(StringComparer.Ordinal);
    private int _sessions;
    private int _unpriced;
    private decimal _energyWh;
    private decimal _candidateNet;
    private decimal _candidateTotal;

    /// <param name="energyWh">The session's billed energy.</param>
    /// <param name="actual">What the session was closed with; null when it was closed without a price (NoTariff).</param>
    /// <param name="candidate">The session re-priced with the candidate tariff, in its currency.</param>
    public void Add(decimal energyWh, Revenue? actual, Revenue candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Currency != candidateCurrency)
        {
            throw new ArgumentException($"The candidate prices in {candidateCurrency}, not {candidate.Currency}.", nameof(candidate));
        }

        _sessions++;
        _energyWh += energyWh;
        _candidateNet += candidate.Net;
        _candidateTotal += candidate.Total;
        if (actual is null)
        {
            _unpriced++;
            return;
        }

        var sum = _actual.GetValueOrDefault(actual.Currency);
        _actual[actual.Currency] = (sum.Sessions + 1, sum.Net + actual.Net, sum.Total + actual.Total);
    }

    public RevenueComparison ToComparison(string? chargePointId = null)
    {
        var actual = _actual.Select(entry => new ActualRevenue(entry.Key, entry.Value.Sessions, entry.Value.Net, entry.Value.Total)).ToList();
        var candidate = new Revenue(candidateCurrency, _candidateNet, _candidateTotal);
        var mismatch = actual.Any(entry => entry.Currency != candidateCurrency);
        // Unpriced sessions count 0, so with no actual entry at all the difference is the whole candidate revenue.
        var same = actual.SingleOrDefault(entry => entry.Currency == candidateCurrency);
        var difference = mismatch ? null
            : new Revenue(candidateCurrency, candidate.Net - (same?.Net ?? 0m), candidate.Total - (same?.Total ?? 0m));
        return new RevenueComparison(chargePointId, _sessions, _unpriced, _energyWh / 1000m, actual, candidate, difference, mismatch);
    }
}
