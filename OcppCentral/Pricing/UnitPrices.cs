namespace OcppCentral.Pricing;

/// <summary>
/// A tariff's prices as a driver pays them at one moment, tax included (docs/charger-display.md): per kWh (the period in
/// force, else the base price), per hour of the session, the session's start fee, and the idle fee per hour with its grace.
/// </summary>
/// <param name="IdleGraceMinutes">Null with no idle fee.</param>
/// <param name="IdlePerHour">Null with no idle fee.</param>
public sealed record UnitPrices(decimal PerKwh, decimal PerHour, decimal FlatFee, int? IdleGraceMinutes, decimal? IdlePerHour)
{
    /// <summary>The kWh price changes next at <see cref="UnitPriceChange.At"/>; the other prices stay.</summary>
    public static (UnitPrices Now, UnitPriceChange? Next) At(Tariff tariff, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var start = instant.UtcTicks;
        // A weekly schedule changes within a week if it changes at all; eight days see the next change from anywhere.
        var pieces = PeriodTimeline.Build(tariff, start, start + 8 * TimeSpan.TicksPerDay);
        var now = Of(tariff, pieces[0].Bucket);
        if (pieces.Count < 2)
            return (now, null);
        return (now, new UnitPriceChange(new DateTimeOffset(pieces[1].StartTicks, TimeSpan.Zero), Of(tariff, pieces[1].Bucket)));
    }

    /// <summary>The base prices, as a charger that starts a session offline would apply them (DefaultPrice).</summary>
    public static UnitPrices Base(Tariff tariff) => Of(tariff, PeriodTimeline.BaseBucket);

    private static UnitPrices Of(Tariff tariff, int bucket)
    {
        var gross = 1m + tariff.TaxPercent / 100m;
        var perKwh = bucket == PeriodTimeline.BaseBucket ? tariff.EnergyPrice : tariff.Periods[bucket - 1].EnergyPrice;
        return new UnitPrices(perKwh * gross, tariff.TimePrice * 60m * gross, tariff.StartFee * gross,
            tariff.IdleFee is { } idle ? (int)Math.Ceiling(idle.GraceMinutes) : null,
            tariff.IdleFee is { } fee ? fee.PerMinute * 60m * gross : null);
    }
}

/// <summary>When the price per kWh changes next (a tariff period starts or ends) and the prices from then on.</summary>
public sealed record UnitPriceChange(DateTimeOffset At, UnitPrices Prices);
