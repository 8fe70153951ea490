using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Ledger;

/// <summary>
/// Composes the two pure domains over one session: <see cref="SessionCalculator"/> and <see cref="AnomalyDetector"/>
/// from Sessions, <see cref="PriceCalculator"/> from Pricing. Neither domain knows the other; this is where
/// they meet, still without clock or database.
/// </summary>
public static class SessionEvaluator
{
    /// <summary>At close: figures, the close-time anomalies (plus NoTariff when nothing prices it), and the price.</summary>
    public static SessionEvaluation Close(SessionFacts facts, TariffDocument? pinnedTariff, string? pinnedTariffId)
    {
        var summary = SessionCalculator.Summarize(facts);
        var anomalies = AnomalyDetector.DetectAtClose(facts, summary).ToList();
        var cost = Price(facts, summary, pinnedTariff);
        if (cost is null)
            anomalies.Add(AnomalyDetector.NoTariff(pinnedTariffId));
        return new SessionEvaluation(summary, anomalies, cost);
    }

    /// <summary>While Active: the figures and the price so far (StopTime = now, no meterStop).</summary>
    public static SessionEvaluation Estimate(SessionFacts facts, TariffDocument? pinnedTariff)
    {
        var summary = SessionCalculator.Summarize(facts);
        return new SessionEvaluation(summary, [], Price(facts, summary, pinnedTariff));
    }

    private static Cost? Price(SessionFacts facts, SessionSummary summary, TariffDocument? pinnedTariff) =>
        pinnedTariff is not null && Tariff.TryCreate(pinnedTariff, out var tariff, out _) ? Price(facts, summary, tariff) : null;

    /// <summary>The price of a summarised session under <paramref name="tariff"/>: what Close charges, and what the tariff what-if re-prices with.</summary>
    public static Cost Price(SessionFacts facts, SessionSummary summary, Tariff tariff)
    {
        var readings = EnergyRegister.Readings(facts.Samples)
            .Select(r => new Pricing.EnergyReading(r.Timestamp, r.RegisterWh))
            .ToList();
        var input = new PricingInput(facts.StartTime, facts.StopTime < facts.StartTime ? facts.StartTime : facts.StopTime,
            facts.MeterStartWh, summary.EndRegisterWh, readings, summary.DurationMinutes, summary.IdleMinutes);
        return PriceCalculator.Calculate(tariff, input);
    }
}
