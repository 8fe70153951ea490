namespace OcppCentral.Sessions;

/// <summary>Decides which reading a session's energy is billed from (SPEC 4 energyKwh and energySource).</summary>
internal static class BilledEnergy
{
    public static (decimal EnergyWh, string Source) Of(SessionFacts facts, IReadOnlyList<EnergyReading> readings)
    {
        decimal? lastRegisterWh = readings.Count > 0 ? readings[^1].RegisterWh : null;

        // meterStop is what the charger signs off the transaction with, so it is preferred, unless it is
        // missing, below meterStart, or below a register reading already reported: then it cannot be
        // the register at the end, and the last reading is the better evidence of what was delivered.
        if (facts.MeterStopWh is { } meterStopWh
            && meterStopWh >= facts.MeterStartWh
            && (lastRegisterWh is null || meterStopWh >= lastRegisterWh))
        {
            return (meterStopWh - facts.MeterStartWh, EnergySources.MeterStop);
        }

        if (lastRegisterWh is { } lastWh && lastWh >= facts.MeterStartWh)
        {
            return (lastWh - facts.MeterStartWh, EnergySources.LastRegister);
        }

        return (0m, EnergySources.None);
    }
}
