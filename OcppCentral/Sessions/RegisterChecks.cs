using static OcppCentral.Sessions.AnomalyText;

namespace OcppCentral.Sessions;

/// <summary>The docs/anomalies-and-feedback.md checks on the energy register and meterStop; each returns one anomaly listing every finding.</summary>
internal static class RegisterChecks
{
    /// <summary>MeterWentBackwards: a reading lower than the one before it, meterStart counted as the first reading.</summary>
    public static Anomaly? WentBackwards(SessionFacts facts, IReadOnlyList<EnergyReading> readings)
    {
        // Prepended, and OrderBy is stable: at the start instant meterStart comes before a Transaction.Begin reading.
        var points = readings
            .Select(r => (Label: "reading", r.Timestamp, r.RegisterWh))
            .Prepend((Label: "meterStart", Timestamp: facts.StartTime, RegisterWh: facts.MeterStartWh))
            .OrderBy(p => p.Timestamp)
            .ToList();

        // An equal reading is a meter standing still (idle), not going backwards.
        var drops = points
            .Zip(points.Skip(1))
            .Where(pair => pair.Second.RegisterWh < pair.First.RegisterWh)
            .Select(pair =>
                $"{pair.First.Label} {Wh(pair.First.RegisterWh)} at {Utc(pair.First.Timestamp)}, then "
                + $"{pair.Second.Label} {Wh(pair.Second.RegisterWh)} at {Utc(pair.Second.Timestamp)} "
                + $"({Wh(pair.First.RegisterWh - pair.Second.RegisterWh)} lower)")
            .ToList();

        return drops.Count == 0
            ? null
            : new Anomaly(
                AnomalyCodes.MeterWentBackwards,
                $"The energy register went backwards {Times(drops.Count)}: {Findings(drops)}. "
                + "Each reading should be at least the one before it; check the meter and the charger's firmware.");
    }

    /// <summary>MeterStopBelowStart: meterStop &lt; meterStart.</summary>
    public static Anomaly? StopBelowStart(SessionFacts facts, SessionSummary summary, IReadOnlyList<EnergyReading> readings)
    {
        if (facts.MeterStopWh is not { } meterStopWh || meterStopWh >= facts.MeterStartWh)
        {
            return null;
        }

        return new Anomaly(
            AnomalyCodes.MeterStopBelowStart,
            $"meterStop {Wh(meterStopWh)} is {Wh(facts.MeterStartWh - meterStopWh)} below meterStart {Wh(facts.MeterStartWh)}; "
            + $"expected at least meterStart. {BilledEnergy.Explain(facts, summary, readings)}");
    }

    /// <summary>
    /// MeterStopMismatch: meterStop below the highest register reading, or more than
    /// <see cref="AnomalyDetector.MeterStopToleranceWh"/> away from a Transaction.End reading.
    /// </summary>
    public static Anomaly? StopMismatch(SessionFacts facts, SessionSummary summary, IReadOnlyList<EnergyReading> readings)
    {
        if (facts.MeterStopWh is not { } meterStopWh)
        {
            return null;
        }

        var findings = new List<string>();
        if (readings.MaxBy(r => r.RegisterWh) is { } highest && meterStopWh < highest.RegisterWh)
        {
            findings.Add(
                $"meterStop {Wh(meterStopWh)} is {Wh(highest.RegisterWh - meterStopWh)} below the highest register reading, "
                + $"{Wh(highest.RegisterWh)} at {Utc(highest.Timestamp)}");
        }

        // Transaction.End readings, phases and locations resolved like any other register reading.
        var endReadings = EnergyRegister.Readings(
            facts.Samples.Where(s => s.Context == SampleContexts.TransactionEnd));
        foreach (var end in endReadings.Where(e => Math.Abs(meterStopWh - e.RegisterWh) > AnomalyDetector.MeterStopToleranceWh))
        {
            var direction = meterStopWh > end.RegisterWh ? "above" : "below";
            findings.Add(
                $"meterStop {Wh(meterStopWh)} is {Wh(Math.Abs(meterStopWh - end.RegisterWh))} {direction} the Transaction.End reading "
                + $"{Wh(end.RegisterWh)} at {Utc(end.Timestamp)}; at most {Wh(AnomalyDetector.MeterStopToleranceWh)} apart expected");
        }

        return findings.Count == 0
            ? null
            : new Anomaly(AnomalyCodes.MeterStopMismatch, $"{Findings(findings)}. {BilledEnergy.Explain(facts, summary, readings)}");
    }
}
