using static OcppCentral.Sessions.AnomalyText;

namespace OcppCentral.Sessions;

/// <summary>The SPEC 6 checks on a session's times, power and energy at close.</summary>
internal static class CloseChecks
{
    /// <summary>ImplausiblePower: an interval of the energy curve averaging above <see cref="AnomalyDetector.MaxPlausiblePowerKw"/>.</summary>
    public static Anomaly? ImplausiblePower(SessionFacts facts, SessionSummary summary, IReadOnlyList<EnergyReading> readings)
    {
        var findings = EnergyCurve.Intervals(facts, readings, summary.EndRegisterWh)
            .Where(i => i.AveragePowerW > AnomalyDetector.MaxPlausiblePowerKw * 1000m)
            .Select(i =>
                $"{Wh(i.EnergyWh)} from {Utc(i.From)} to {Utc(i.To)} ({Minutes(i.To - i.From)}) averages {Kw(i.AveragePowerW / 1000m)}")
            .ToList();

        // No charger delivers that much; the usual causes are a wrong unit (Wh sent as kWh) or a wrong clock.
        return findings.Count == 0
            ? null
            : new Anomaly(
                AnomalyCodes.ImplausiblePower,
                $"Average power above {Kw(AnomalyDetector.MaxPlausiblePowerKw)} {Times(findings.Count)}: {Findings(findings)}. "
                + "Check the readings' units and timestamps.");
    }

    /// <summary>StopBeforeStart: the stop timestamp is earlier than the start timestamp.</summary>
    public static Anomaly? StopBeforeStart(SessionFacts facts) =>
        facts.StopTime >= facts.StartTime
            ? null
            : new Anomaly(
                AnomalyCodes.StopBeforeStart,
                $"Stop {Utc(facts.StopTime)} is {Minutes(facts.StartTime - facts.StopTime)} before start {Utc(facts.StartTime)}; "
                + "the duration is counted as 0. Check the charger's clock.");

    /// <summary>ZeroEnergy: the session is billed 0 Wh.</summary>
    public static Anomaly? ZeroEnergy(SessionFacts facts, SessionSummary summary, IReadOnlyList<EnergyReading> readings)
    {
        if (summary.EnergyWh != 0m)
        {
            return null;
        }

        var meterStop = facts.MeterStopWh is { } meterStopWh ? Wh(meterStopWh) : "not sent";
        var lastReading = readings.Count > 0
            ? $"{Wh(readings[^1].RegisterWh)} at {Utc(readings[^1].Timestamp)}"
            : "none";
        return new Anomaly(
            AnomalyCodes.ZeroEnergy,
            $"No energy billed (energySource {summary.EnergySource}): meterStart {Wh(facts.MeterStartWh)}, "
            + $"meterStop {meterStop}, last register reading {lastReading}.");
    }
}
