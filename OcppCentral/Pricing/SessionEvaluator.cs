using OcppCentral.Sessions;

namespace OcppCentral.Pricing;

/// <summary>
/// Evaluates one session: <see cref="SessionCalculator"/> and <see cref="AnomalyDetector"/> from Sessions, then
/// <see cref="PriceCalculator"/> over the figures and register readings they yield. Pricing reads Sessions, never the
/// other way round; this is where the two meet, still without clock or database, so the ledger (at close), the admin
/// API (an Active session's estimate) and the tariff what-if price a session the same way.
/// </summary>
public static class SessionEvaluator
{
    /// <summary>
    /// The longest session measured and priced. A charger's timestamps decide a session's span, and walking tariff
    /// periods over centuries would hold the single writer for seconds; no real session lasts a month.
    /// </summary>
    public static readonly TimeSpan MaxMeasurableSpan = TimeSpan.FromDays(31);

    /// <summary>At close: figures, the close-time anomalies (plus NoTariff when nothing prices it), and the price.</summary>
    public static SessionEvaluation Close(SessionFacts facts, TariffDocument? pinnedTariff, string? pinnedTariffId)
    {
        if (Measure(facts) is not { } summary)
            return Unmeasured(facts);
        try
        {
            var anomalies = AnomalyDetector.DetectAtClose(facts, summary).ToList();
            var cost = Price(facts, summary, pinnedTariff);
            if (cost is null)
                anomalies.Add(AnomalyDetector.NoTariff(pinnedTariffId));
            return new SessionEvaluation(summary, anomalies, cost);
        }
        catch (OverflowException)
        {
            return Unmeasured(facts);
        }
    }

    /// <summary>
    /// While Active: the figures and the price so far (StopTime = now, no meterStop); nothing when unmeasurable. This reads
    /// every sample; the server keeps <see cref="RunningEstimate"/> instead, which gives the same as its samples arrive.
    /// </summary>
    public static SessionEvaluation Estimate(SessionFacts facts, TariffDocument? pinnedTariff)
    {
        if (Measure(facts) is not { } summary)
            return new SessionEvaluation(Nothing(facts), [], null);
        try
        {
            return new SessionEvaluation(summary, [], Price(facts, summary, pinnedTariff));
        }
        catch (OverflowException)
        {
            return new SessionEvaluation(summary, [], null);
        }
    }

    /// <summary>The tariff what-if: the figures and the candidate price of a closed session; no price when unmeasurable.</summary>
    public static (SessionSummary Summary, Cost? Cost) Reprice(SessionFacts facts, Tariff candidate)
    {
        if (Measure(facts) is not { } summary)
            return (Nothing(facts), null);
        try
        {
            return (summary, Price(facts, summary, candidate));
        }
        catch (OverflowException)
        {
            return (summary, null);
        }
    }

    private static SessionSummary? Measure(SessionFacts facts)
    {
        if ((facts.StopTime - facts.StartTime).Duration() > MaxMeasurableSpan)
            return null;
        try
        {
            return SessionCalculator.Summarize(facts);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static SessionEvaluation Unmeasured(SessionFacts facts)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var meterStop = facts.MeterStopWh is { } stop ? string.Create(invariant, $"{stop} Wh") : "none";
        var detail = string.Create(invariant,
            $"The session runs from {facts.StartTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} to {facts.StopTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} " +
            $"with meterStart {facts.MeterStartWh} Wh and meterStop {meterStop}: beyond a plausible session (at most " +
            $"{MaxMeasurableSpan.TotalDays} days, figures that fit), so it has no figures and no price. Check the charger's clock and meter.");
        return new SessionEvaluation(Nothing(facts), [new Anomaly(AnomalyCodes.Unmeasurable, detail)], null);
    }

    /// <summary>The figures of a session that cannot be measured: nothing billed.</summary>
    private static SessionSummary Nothing(SessionFacts facts) => Nothing(facts.MeterStartWh);

    internal static SessionSummary Nothing(decimal meterStartWh) => new(0m, 0m, EnergySources.None, meterStartWh, 0m, 0m, 0m, null, null, null, null);

    private static Cost? Price(SessionFacts facts, SessionSummary summary, TariffDocument? pinnedTariff) =>
        Tariff.FromStored(pinnedTariff) is { } tariff ? Price(facts, summary, tariff) : null;

    private static Cost Price(SessionFacts facts, SessionSummary summary, Tariff tariff)
    {
        var input = new PricingInput(facts.StartTime, facts.StopTime < facts.StartTime ? facts.StartTime : facts.StopTime,
            facts.MeterStartWh, summary.EndRegisterWh, EnergyRegister.Readings(facts.Samples), summary.DurationMinutes, summary.IdleMinutes);
        return PriceCalculator.Calculate(tariff, input);
    }
}
