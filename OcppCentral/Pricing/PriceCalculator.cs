namespace OcppCentral.Pricing;

/// <summary>
/// Prices a session with a tariff (docs/sessions-and-pricing.md). Pure: no clock, no I/O, decimal throughout.
/// Which lines appear, so a bill shows what was charged and nothing else:
/// start when the start fee is not 0; one energy line per price bucket that received energy (the
/// base price first, then periods in tariff order), and the base line even at 0 kWh when no
/// other energy line exists; time when the time price is not 0; idle when an idle fee with a
/// non-zero price is configured and minutes past the grace period remain; adjustment when the net
/// had to be clamped to [minimumPrice, maximumPrice].
/// </summary>
public static class PriceCalculator
{
    /// <summary>
    /// The bill for <paramref name="input"/> under <paramref name="tariff"/>. Lines come in the order
    /// start, energy, time, idle, adjustment; every amount is rounded to 2 decimals, midpoint away from
    /// zero, and has exactly 2; always <c>Net == sum of line amounts</c> and <c>Total == Net + Tax</c>, with
    /// <c>Tax = round(Net × taxPercent / 100)</c>. Energy lines add up exactly to the billed energy.
    /// A negative duration (stop before start) is charged as 0 minutes.
    /// </summary>
    public static Cost Calculate(Tariff tariff, PricingInput input)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(input);
        return Calculate(tariff, input, EnergyAttribution.Attribute(tariff, input));
    }

    /// <summary>
    /// The bill with the billed energy already placed on the timeline (<see cref="EnergyAttribution"/>), exactly, per
    /// bucket: an Active session's running estimate keeps that placement as its readings arrive.
    /// </summary>
    internal static Cost Calculate(Tariff tariff, PricingInput input, Fraction[] attributedWh)
    {

        var lines = new List<CostLine>();
        if (tariff.StartFee != 0m)
        {
            lines.Add(Line(CostComponents.Start, 1m, CostUnits.Session, tariff.StartFee));
        }

        AddEnergyLines(lines, tariff, input.BilledWh, attributedWh);

        // A stop before the start is an anomaly, not a reason to pay the driver back.
        var durationMinutes = Math.Max(0m, input.DurationMinutes);
        if (tariff.TimePrice != 0m)
        {
            lines.Add(Line(CostComponents.Time, durationMinutes, CostUnits.Minute, tariff.TimePrice));
        }

        if (tariff.IdleFee is { PerMinute: not 0m } idleFee && idleFee.BillableMinutes(input.IdleMinutes) is > 0m and var idleMinutes)
        {
            lines.Add(Line(CostComponents.Idle, idleMinutes, CostUnits.Minute, idleFee.PerMinute));
        }

        AddAdjustment(lines, tariff);
        var netAmount = lines.Sum(line => line.Amount);
        var taxAmount = Money.Round(netAmount * tariff.TaxPercent / 100m);
        return new Cost(tariff.Id, tariff.Currency, lines, netAmount, taxAmount, netAmount + taxAmount);
    }

    private static void AddEnergyLines(List<CostLine> lines, Tariff tariff, decimal billedWh, Fraction[] attributedWh)
    {
        var bucketsWh = LargestRemainder.Apportion(attributedWh, billedWh);
        var periodLinesAdded = false;
        var baseLine = lines.Count;
        for (var index = 0; index < tariff.Periods.Count; index++)
        {
            var periodWh = bucketsWh[index + 1];
            if (periodWh > 0m)
            {
                var period = tariff.Periods[index];
                lines.Add(Line(CostComponents.Energy, periodWh / 1000m, CostUnits.KilowattHour, period.EnergyPrice, period.Label));
                periodLinesAdded = true;
            }
        }

        var baseWh = bucketsWh[PeriodTimeline.BaseBucket];
        if (baseWh > 0m || !periodLinesAdded)
        {
            lines.Insert(baseLine, Line(CostComponents.Energy, baseWh / 1000m, CostUnits.KilowattHour, tariff.EnergyPrice));
        }
    }

    /// <summary>
    /// Clamps the net to [minimumPrice, maximumPrice] (docs/sessions-and-pricing.md) with a line of its own, so
    /// Net == sum of line amounts holds for every bill and the clamp is visible on it. A tariff's bounds
    /// have at most 2 decimals; one stored before that was checked is rounded here, so no amount on a
    /// bill ever has more than the 2 its total is stored and reported with.
    /// </summary>
    private static void AddAdjustment(List<CostLine> lines, Tariff tariff)
    {
        var sum = lines.Sum(line => line.Amount);
        var clamped = Math.Max(sum, Money.Round(tariff.MinimumPrice));
        if (tariff.MaximumPrice is { } maximum)
        {
            clamped = Math.Min(clamped, Money.Round(maximum));
        }

        if (clamped != sum)
        {
            var difference = Money.Round(clamped - sum);
            lines.Add(new CostLine(CostComponents.Adjustment, 1m, CostUnits.Session, difference, difference, null));
        }
    }

    private static CostLine Line(string component, decimal quantity, string unit, decimal unitPrice, string? period = null) =>
        new(component, quantity, unit, unitPrice, Money.Round(quantity * unitPrice), period);
}
