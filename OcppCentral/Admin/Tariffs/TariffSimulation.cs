using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The price what-if of docs/sessions-and-pricing.md: re-prices the Completed sessions that started in a range with a candidate tariff, through
/// the same functions that priced them at close (<see cref="SessionEvaluator.Reprice"/>),
/// and sets what they were charged against what the candidate would have charged, in total and per charger.
/// Nothing is written: the sessions keep the price they were closed with.
/// </summary>
public static class TariffSimulation
{
    /// <param name="sessions">The Completed sessions of the query's range and charger, read in one snapshot.</param>
    public static async Task<TariffSimulationResult> RunAsync(IAsyncEnumerable<ClosedSession> sessions, TariffSimulationQuery query,
        CancellationToken ct)
    {
        var currency = query.Candidate.Currency;
        var total = new RevenueTally(currency);
        var chargers = new SortedDictionary<string, RevenueTally>(StringComparer.Ordinal);

        await foreach (var session in sessions.WithCancellation(ct))
        {
            var (summary, cost) = SessionEvaluator.Reprice(session.Facts, query.Candidate);
            var candidate = cost is null ? new Revenue(query.Candidate.Currency, 0m, 0m) : Revenue.Of(cost);
            total.Add(summary.EnergyWh, session.Actual, candidate);
            if (!chargers.TryGetValue(session.ChargePointId, out var charger))
                chargers[session.ChargePointId] = charger = new RevenueTally(currency);
            charger.Add(summary.EnergyWh, session.Actual, candidate);
        }

        var overall = total.ToComparison();
        return new TariffSimulationResult(query.From, query.To, query.ChargePointId, query.Candidate.ToDocument(), overall,
            chargers.Select(entry => entry.Value.ToComparison(entry.Key)).ToList(), Warnings(overall, currency));
    }

    private static List<string> Warnings(RevenueComparison overall, string currency)
    {
        var warnings = new List<string>();
        if (overall.UnpricedSessions > 0)
            warnings.Add($"Sessions closed without a price (NoTariff; {overall.UnpricedSessions} of {overall.Sessions}) count 0 in the actual revenue.");
        foreach (var other in overall.Actual.Where(a => a.Currency != currency))
            warnings.Add($"Sessions charged in {other.Currency} ({other.Sessions} of {overall.Sessions}) are not converted to {currency}, " +
                "the candidate's currency: there is no difference where currencies differ.");
        return warnings;
    }
}
