using static OcppCentral.Sessions.AnomalyText;

namespace OcppCentral.Sessions;

/// <summary>The docs/anomalies-and-feedback.md checks on a session's times, power and energy at close.</summary>
internal static class CloseChecks
{
    /// <summary>
    /// ImplausiblePower: an interval of the reported energy curve (meterStart, the readings, meterStop) averaging above
    /// <see cref="AnomalyDetector.MaxPlausiblePowerKw"/>. Not the billed curve: when nothing is billed that curve returns
    /// to meterStart at the stop, a jump the charger never reported (a meter reset looked like a wrong unit).
    /// </summary>
    public static Anomaly? ImplausiblePower(SessionFacts facts, IReadOnlyList<EnergyReading> readings)
    {
        var findings = EnergyCurve.Reported(facts, readings)
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

    /// <summary>
    /// ReadingOutsideSession: meter values of the session timestamped before its start or after the stop the charger gave
    /// (<see cref="SessionWindow"/>). They are stored, but not billed or measured; one finding per timestamp.
    /// </summary>
    public static Anomaly? ReadingsOutside(SessionFacts facts)
    {
        var outside = SessionWindow.Outside(facts);
        if (outside.Count == 0)
        {
            return null;
        }

        var findings = outside
            .GroupBy(s => s.Timestamp)
            .OrderBy(g => g.Key)
            .Select(atOneTime => Outside(facts, atOneTime.Key, atOneTime.ToList()))
            .ToList();
        var values = outside.Count == 1 ? "1 meter value is" : $"{Number(outside.Count)} meter values are";
        return new Anomaly(
            AnomalyCodes.ReadingOutsideSession,
            $"{values} timestamped outside the session ({Utc(facts.StartTime)} to {Utc(facts.StopTime)}), "
            + $"so they are stored but not billed: {Findings(findings)}. Check the charger's clock, or whether they belong to another transaction.");
    }

    private static string Outside(SessionFacts facts, DateTimeOffset at, IReadOnlyList<MeterSample> samples)
    {
        var when = at < facts.StartTime
            ? $"{Minutes(facts.StartTime - at)} before the start"
            : $"{Minutes(at - facts.StopTime)} after the stop";
        var register = EnergyRegister.Readings(samples).SingleOrDefault();
        var others = samples.Count(s => s.Measurand != Measurands.EnergyActiveImportRegister);
        var what = (register, others) switch
        {
            (not null, 0) => $"register {Wh(register.RegisterWh)}",
            (not null, _) => $"register {Wh(register.RegisterWh)} and {Values(others)}",
            _ => Values(samples.Count),
        };
        return $"{what} at {Utc(at)} ({when})";
    }

    private static string Values(int count) => count == 1 ? "1 other value" : $"{Number(count)} other values";
}
