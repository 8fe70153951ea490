namespace OcppCentral.Pricing;

/// <summary>
/// A tariff with every price and fee scaled by (1 + percent / 100): the fleet what-if's <c>adjust</c>
/// (docs/sessions-and-pricing.md). Unit prices (per kWh, per minute, per idle minute, each period's) are scaled exactly, as the
/// calculator multiplies them before it rounds a line; amounts a bill shows as they are (the start fee, the minimum and maximum
/// net) are rounded to the cent as every amount of a bill is. The tax rate, the periods' times, the idle grace and the time zone
/// stay as they are.
/// </summary>
public static class TariffAdjustment
{
    /// <summary>−100 %: everything free; below it prices would turn negative.</summary>
    public const decimal MinPercent = -100m;

    /// <summary>+1000 %: eleven times the price is far past any real rise, and keeps every amount far from decimal's limits.</summary>
    public const decimal MaxPercent = 1000m;

    /// <summary>A percent with at most this many decimals (12.5, 7.25).</summary>
    public const int PercentDecimals = 2;

    /// <summary>Null when <paramref name="percent"/> is acceptable; otherwise what is wrong with it.</summary>
    public static string? Check(decimal percent) =>
        percent < MinPercent || percent > MaxPercent ? $"must be between {MinPercent} and {MaxPercent}"
        : decimal.Round(percent, PercentDecimals) != percent ? $"has at most {PercentDecimals} decimals"
        : null;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> fails <see cref="Check"/>.</exception>
    public static Tariff Scale(Tariff tariff, decimal percent)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        if (Check(percent) is { } problem)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, problem);
        var factor = 1m + percent / 100m;
        decimal Unit(decimal price) => price * factor;
        decimal Amount(decimal amount) => Money.Round(amount * factor);
        return new Tariff(tariff.Id, tariff.Name, tariff.Currency, tariff.TimeZone, Amount(tariff.StartFee), Unit(tariff.EnergyPrice),
            Unit(tariff.TimePrice), tariff.IdleFee is { } idle ? new IdleFee(Unit(idle.PerMinute), idle.GraceMinutes) : null,
            tariff.Periods.Select(period => period.WithEnergyPrice(Unit(period.EnergyPrice))).ToList(), Amount(tariff.MinimumPrice),
            tariff.MaximumPrice is { } maximum ? Amount(maximum) : null, tariff.TaxPercent);
    }
}
