namespace OcppCentral.Sessions;

/// <summary>The session's energy register over time, from its stored samples (docs/sessions-and-pricing.md).</summary>
public static class EnergyRegister
{
    /// <summary>
    /// One reading per timestamp, sorted by time, from Energy.Active.Import.Register samples the server
    /// understood in Wh. Per timestamp a total wins; without one, per-phase registers are summed. An
    /// Outlet reading is preferred; other locations are used only where no Outlet reading exists.
    /// SignedData, unparsable values and values in a unit other than Wh/kWh are left out.
    /// </summary>
    public static IReadOnlyList<EnergyReading> Readings(IEnumerable<MeterSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);

        var registers = samples.Where(s =>
            string.Equals(s.Measurand, Measurands.EnergyActiveImportRegister, StringComparison.Ordinal)
            && string.Equals(s.NormalizedUnit, "Wh", StringComparison.Ordinal));

        return PerTimestampTotals.Of(registers)
            .Select(total => new EnergyReading(total.Timestamp, total.Value))
            .ToList();
    }

    /// <summary>
    /// Where a session stands when it must be closed without a StopTransaction (docs/anomalies-and-feedback.md InterruptedByReboot):
    /// the last register reading, or meterStart at the start time when none arrived.
    /// </summary>
    public static EnergyReading LastKnown(SessionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var readings = Readings(facts.Samples);
        return readings.Count > 0 ? readings[^1] : new EnergyReading(facts.StartTime, facts.MeterStartWh);
    }
}
