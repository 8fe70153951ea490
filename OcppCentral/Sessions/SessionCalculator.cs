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

        var chargingSeconds = intervals.Where(i => i.IsCharging).Sum(i => i.DurationSeconds);
        var power = PerTimestampTotals.Of(facts.Samples.Where(s =>
            s.Measurand == Measurands.PowerActiveImport && s.NormalizedUnit == "W"));
        var soc = facts.Samples
            .Where(s => s.Measurand == Measurands.StateOfCharge && s.NormalizedValue is not null)
            .OrderBy(s => s.Timestamp)
            .ToList();

        return Figures(energyWh, energySource, endRegisterWh, DurationMinutes(facts.StartTime, facts.StopTime), chargingSeconds,
            power.Count > 0 ? power.Max(p => p.Value) : null,
            intervals.Count > 0 ? intervals.Max(i => i.AveragePowerW) : null,
            soc.FirstOrDefault()?.NormalizedValue, soc.LastOrDefault()?.NormalizedValue);
    }

    /// <summary>
    /// The record's figures from what they are made of, for <see cref="Summarize"/> and for an Active session's running
    /// estimate, which keeps the same parts as its samples arrive.
    /// </summary>
    /// <param name="chargingSeconds">The length of the reported curve's charging intervals.</param>
    /// <param name="maxSampledPowerW">The largest per-timestamp Power.Active.Import in W; null without one.</param>
    /// <param name="maxIntervalPowerW">The largest average power of an interval of the reported curve; null without intervals.</param>
    internal static SessionSummary Figures(decimal energyWh, string energySource, decimal endRegisterWh, decimal durationMinutes,
        decimal chargingSeconds, decimal? maxSampledPowerW, decimal? maxIntervalPowerW, decimal? socStartPercent, decimal? socEndPercent)
    {
        // Charging is measured in ticks and duration in whole seconds; the cap keeps idle from going negative.
        var chargingMinutes = Math.Min(Decimals.Minutes(chargingSeconds / 60m), durationMinutes);
        var energyKwh = Decimals.Trim(energyWh / 1000m);
        return new SessionSummary(
            energyWh,
            energyKwh,
            energySource,
            endRegisterWh,
            durationMinutes,
            chargingMinutes,
            IdleMinutes: durationMinutes - chargingMinutes,
            MaxPowerKw(maxSampledPowerW, maxIntervalPowerW),
            // Against the reported charging minutes, so the record can be checked by hand.
            AveragePowerKw: chargingMinutes > 0 ? Decimals.Kilowatts(energyKwh * 60m / chargingMinutes) : null,
            SocStartPercent: socStartPercent,
            SocEndPercent: socEndPercent);
    }

    // OCPP timestamps may carry fractions of a second; the record counts whole seconds (docs/sessions-and-pricing.md).
    internal static decimal DurationMinutes(DateTimeOffset start, DateTimeOffset stop)
    {
        var seconds = (stop - start).Ticks / TimeSpan.TicksPerSecond;
        return seconds > 0 ? Decimals.Minutes(seconds / 60m) : 0m;
    }

    // docs/sessions-and-pricing.md: the largest Power.Active.Import sample; without one, the largest interval average, where a
    // falling register is no power at all.
    private static decimal? MaxPowerKw(decimal? maxSampledPowerW, decimal? maxIntervalPowerW) =>
        maxSampledPowerW is { } sampled ? Decimals.Kilowatts(sampled / 1000m)
        : maxIntervalPowerW is { } interval ? Decimals.Kilowatts(Math.Max(0m, interval) / 1000m)
        : null;
}
