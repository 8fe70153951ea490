namespace OcppCentral.Sessions;

/// <summary>
/// A session's energy register as a curve through time: meterStart at the start time, the register
/// readings in between, and an end register at the stop time (docs/sessions-and-pricing.md, docs/sessions-and-pricing.md).
/// </summary>
public static class EnergyCurve
{
    /// <summary>
    /// The curve of what the charger reported: at the stop, meterStop as sent (even below meterStart or a reading), or
    /// without one the last reading, the register standing still since. Charging time, power and ImplausiblePower come
    /// from this curve, so they describe the charger's data and never an end point the server chose for billing.
    /// </summary>
    internal static IReadOnlyList<EnergyInterval> Reported(SessionFacts facts, IReadOnlyList<EnergyReading> readings)
    {
        var lastByStop = readings.LastOrDefault(r => r.Timestamp <= facts.StopTime);
        return Intervals(facts, readings, facts.MeterStopWh ?? lastByStop?.RegisterWh ?? facts.MeterStartWh);
    }

    /// <param name="endRegisterWh">Where the curve ends: <see cref="SessionSummary.EndRegisterWh"/>.</param>
    /// <returns>Consecutive intervals covering [start, stop); empty when stop is not after start.</returns>
    public static IReadOnlyList<EnergyInterval> Intervals(SessionFacts facts, decimal endRegisterWh)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Intervals(facts, EnergyRegister.Readings(facts.Samples), endRegisterWh);
    }

    internal static IReadOnlyList<EnergyInterval> Intervals(
        SessionFacts facts, IReadOnlyList<EnergyReading> readings, decimal endRegisterWh)
    {
        if (facts.StopTime <= facts.StartTime)
        {
            return [];
        }

        // Readings at the start or stop instant, or outside the session, would duplicate or contradict
        // the two end points, which come from StartTransaction and the billed end register.
        var points = readings
            .Where(r => r.Timestamp > facts.StartTime && r.Timestamp < facts.StopTime)
            .Prepend(new EnergyReading(facts.StartTime, facts.MeterStartWh))
            .Append(new EnergyReading(facts.StopTime, endRegisterWh))
            .ToList();

        return points
            .Zip(points.Skip(1), (from, to) => new EnergyInterval(from.Timestamp, to.Timestamp, from.RegisterWh, to.RegisterWh))
            .ToList();
    }
}
