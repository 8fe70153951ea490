using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The price what-if of docs/sessions-and-pricing.md: re-prices the Completed sessions that started in a range with a candidate
/// tariff, or each with its own pinned tariff scaled by a percentage (<see cref="TariffAdjustment"/>), through the same functions
/// that priced them at close (<see cref="SessionEvaluator.Reprice"/>), and sets what they were charged against what they would
/// have been charged, in total and per charger. Nothing is written: the sessions keep the price they were closed with.
/// </summary>
public static class TariffSimulation
{
    /// <param name="sessions">The Completed sessions of the query's filter, read in one snapshot.</param>
    public static Task<TariffSimulationResult> RunAsync(IAsyncEnumerable<ClosedSession> sessions, TariffSimulationQuery query, CancellationToken ct) =>
        query.Candidate is { } candidate ? WithCandidateAsync(sessions, query, candidate, ct) : AdjustedAsync(sessions, query, query.AdjustPercent!.Value, ct);

    private static async Task<TariffSimulationResult> WithCandidateAsync(IAsyncEnumerable<ClosedSession> sessions, TariffSimulationQuery query,
        Tariff candidateTariff, CancellationToken ct)
    {
        var currency = candidateTariff.Currency;
        var total = new RevenueTally(currency);
        var chargers = new SortedDictionary<string, RevenueTally>(StringComparer.Ordinal);

        await foreach (var session in sessions.WithCancellation(ct))
        {
            var (summary, cost) = SessionEvaluator.Reprice(session.Facts, candidateTariff);
            var candidate = cost is null ? new Revenue(currency, 0m, 0m) : Revenue.Of(cost);
            total.Add(summary.EnergyWh, session.Actual, candidate);
            if (!chargers.TryGetValue(session.ChargePointId, out var charger))
                chargers[session.ChargePointId] = charger = new RevenueTally(currency);
            charger.Add(summary.EnergyWh, session.Actual, candidate);
        }

        var overall = total.ToComparison();
        return new TariffSimulationResult(query.From, query.To, query.ChargePointId, candidateTariff.ToDocument(), overall,
            chargers.Select(entry => entry.Value.ToComparison(entry.Key)).ToList(), Warnings(overall, currency))
        {
            ChargePointIds = query.ChargePointIds, TariffId = query.TariffId,
        };
    }

    /// <summary>
    /// Each session priced again with its pinned tariff scaled; the credit and void its bill carries stay (docs/corrections.md), so
    /// an adjustment of 0 % changes nothing. A session pinned to no tariff has no price either way.
    /// </summary>
    private static async Task<TariffSimulationResult> AdjustedAsync(IAsyncEnumerable<ClosedSession> sessions, TariffSimulationQuery query,
        decimal percent, CancellationToken ct)
    {
        var total = new CurrencyRevenueTally();
        var chargers = new SortedDictionary<string, CurrencyRevenueTally>(StringComparer.Ordinal);

        await foreach (var session in sessions.WithCancellation(ct))
        {
            Revenue? candidate = null;
            var energyWh = 0m;
            if (Tariff.FromStored(session.PinnedTariff) is { } pinned)
            {
                var (summary, cost) = SessionEvaluator.Reprice(session.Facts, TariffAdjustment.Scale(pinned, percent));
                energyWh = summary.EnergyWh;
                candidate = BillAdjustments.Apply(cost, session.Credit, session.Voided) is { } bill ? Revenue.Of(bill) : new Revenue(pinned.Currency, 0m, 0m);
            }
            else
                energyWh = SessionEvaluator.Estimate(session.Facts, null).Summary.EnergyWh;
            total.Add(energyWh, session.Actual, candidate);
            if (!chargers.TryGetValue(session.ChargePointId, out var charger))
                chargers[session.ChargePointId] = charger = new CurrencyRevenueTally();
            charger.Add(energyWh, session.Actual, candidate);
        }

        var overall = total.ToComparison();
        var currencies = total.PerCurrency();
        var warnings = new List<string>();
        if (overall.UnpricedSessions > 0)
            warnings.Add($"Sessions without a price (no tariff, or not measurable; {overall.UnpricedSessions} of {overall.Sessions}) count 0 on both sides.");
        if (currencies.Count > 1)
            warnings.Add($"The sessions are priced in {currencies.Count} currencies, which are not converted: 'total' gives no candidate or " +
                "difference; read them per currency under 'currencies'.");
        return new TariffSimulationResult(query.From, query.To, query.ChargePointId, null, overall,
            chargers.Select(entry => entry.Value.ToComparison(entry.Key)).ToList(), warnings)
        {
            Adjust = new TariffAdjustmentRequest { Percent = percent }, ChargePointIds = query.ChargePointIds, TariffId = query.TariffId,
            Currencies = currencies,
        };
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
