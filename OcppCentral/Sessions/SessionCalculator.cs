namespace OcppCentral.Sessions;

/// <summary>
/// Computes a session's figures from its facts (docs/sessions-and-pricing.md); the same code serves the Active estimate and the close.
/// Only the samples inside the session count (<see cref="SessionWindow"/>).
/// </summary>
public static class SessionCalculator
{
    public static SessionSummary Summarize(SessionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);

        facts = SessionWindow.Inside(facts);
        var readings = EnergyRegister.Readings(facts.Samples);
        var (energyWh, energySource) = BilledEnergy.Of(facts, readings);
        var endRegisterWh = facts.MeterStartWh + energyWh;
        // Charging time and power follow what the charger reported, not the billed end register: when nothing can be
        // billed, that end is meterStart, and a curve back up to it would invent a charging stretch.
        var intervals = EnergyCurve.Reported(facts, readings);

        var durationMinutes = DurationMinutes(facts);
        var chargingSeconds = intervals.Where(i => i.IsCharging).Sum(i => i.DurationSeconds);
        // Charging is measured in ticks and duration in whole seconds; the cap keeps idle from going negative.
        var chargingMinutes = Math.Min(Decimals.Minutes(chargingSeconds / 60m), durationMinutes);
        var energyKwh = Decimals.Trim(energyWh / 1000m);
        var soc = facts.Samples
            .Where(s => s.Measurand == Measurands.StateOfCharge && s.NormalizedValue is not null)
            .OrderBy(s => s.Timestamp)
            .ToList();

        return new SessionSummary(
            energyWh,
            energyKwh,
            energySource,
            endRegisterWh,
            durationMinutes,
            chargingMinutes,
            IdleMinutes: durationMinutes - chargingMinutes,
            MaxPowerKw(facts.Samples, intervals),
            // Against the reported charging minutes, so the record can be checked by hand.
            AveragePowerKw: chargingMinutes > 0 ? Decimals.Kilowatts(energyKwh * 60m / chargingMinutes) : null,
            SocStartPercent: soc.FirstOrDefault()?.NormalizedValue,
            SocEndPercent: soc.LastOrDefault()?.NormalizedValue);
    }

    // OCPP timestamps may carry fractions of a second; the record counts whole seconds (docs/sessions-and-pricing.md).
    private static decimal DurationMinutes(SessionFacts facts)
    {
        var seconds = (facts.StopTime - facts.StartTime).Ticks / TimeSpan.TicksPerSecond;
        return seconds > 0 ? Decimals.Minutes(seconds / 60m) : 0m;
    }

    private static decimal? MaxPowerKw(IReadOnlyList<MeterSample> samples, IReadOnlyList<EnergyInterval> intervals)
    {
        var power = PerTimestampTotals.Of(samples.Where(s =>
            s.Measurand == Measurands.PowerActiveImport && s.NormalizedUnit == "W"));
        if (power.Count > 0)
        {
            return Decimals.Kilowatts(power.Max(p => p.Value) / 1000m);
        }

        // docs/sessions-and-pricing.md: without power samples, the largest interval average; a falling register is no power at all.
        return intervals.Count > 0
            ? Decimals.Kilowatts(Math.Max(0m, intervals.Max(i => i.AveragePowerW)) / 1000m)
            : null;
    }
}
