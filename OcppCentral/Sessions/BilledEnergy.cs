using static OcppCentral.Sessions.AnomalyText;

namespace OcppCentral.Sessions;

/// <summary>Decides which reading a session's energy is billed from (docs/sessions-and-pricing.md energyKwh and energySource).</summary>
internal static class BilledEnergy
{
    public static (decimal EnergyWh, string Source) Of(SessionFacts facts, IReadOnlyList<EnergyReading> readings) =>
        Of(facts.MeterStartWh, facts.MeterStopWh, readings.Count > 0 ? readings[^1].RegisterWh : null);

    /// <param name="lastRegisterWh">The register at the session's latest reading; null without one.</param>
    public static (decimal EnergyWh, string Source) Of(decimal meterStartWh, decimal? meterStopWh, decimal? lastRegisterWh)
    {
        // meterStop is what the charger signs off the transaction with, so it is preferred, unless it is
        // missing, below meterStart, or below a register reading already reported: then it cannot be
        // the register at the end, and the last reading is the better evidence of what was delivered.
        if (meterStopWh is { } stopWh
            && stopWh >= meterStartWh
            && (lastRegisterWh is null || stopWh >= lastRegisterWh))
        {
            return (stopWh - meterStartWh, EnergySources.MeterStop);
        }

        if (lastRegisterWh is { } lastWh && lastWh >= meterStartWh)
        {
            return (lastWh - meterStartWh, EnergySources.LastRegister);
        }

        return (0m, EnergySources.None);
    }

    /// <summary>What was billed and why, in words, for the anomalies about meterStop (it never names an energySource code).</summary>
    public static string Explain(SessionFacts facts, SessionSummary summary, IReadOnlyList<EnergyReading> readings)
    {
        var last = readings.Count > 0 ? readings[^1] : null;
        var lastText = last is null ? "" : $"the last register reading, {Wh(last.RegisterWh)} at {Utc(last.Timestamp)}";
        switch (summary.EnergySource)
        {
            case EnergySources.MeterStop:
                return $"Billed {Wh(summary.EnergyWh)}, from meterStart up to meterStop.";
            case EnergySources.LastRegister:
                var why = facts.MeterStopWh is not { } stopWh ? "there is no meterStop"
                    : stopWh < facts.MeterStartWh ? "meterStop is below meterStart"
                    : "meterStop is below that reading";
                return $"Billed {Wh(summary.EnergyWh)}, from meterStart up to {lastText}, because {why}.";
        }

        var meterStart = $"meterStart {Wh(facts.MeterStartWh)}";
        return (facts.MeterStopWh, last) switch
        {
            ({ } stop, not null) => $"Nothing billed: meterStop {Wh(stop)} and {lastText}, are both below {meterStart}, so no count "
                                    + "of this session is left to bill from (was the register reset or replaced?).",
            ({ } stop, null) => $"Nothing billed: meterStop {Wh(stop)} is below {meterStart}, and there is no register reading to bill from.",
            (null, not null) => $"Nothing billed: there is no meterStop, and {lastText} is below {meterStart}.",
            (null, null) => "Nothing billed: there is no meterStop and no register reading.",
        };
    }
}
