using System.Text.RegularExpressions;
using OcppCentral.Pricing;

namespace OcppCentral.CostDisplay;

/// <summary>
/// The texts a charger's display shows (docs/charger-display.md), in English or Swedish: a tariff's prices before a
/// session (SetUserPrice, DefaultPrice) and a closed session's total (FinalCost). Prices include tax, as drivers pay them.
/// </summary>
public static partial class PriceTexts
{
    /// <summary>Periods named in a price text; a tariff with more says how many more (a configuration value holds 500 characters).</summary>
    public const int MaxPeriodsNamed = 3;

    public static string Tariff(Tariff tariff, DisplayFormat format)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var prices = UnitPrices.Base(tariff);
        var gross = 1m + tariff.TaxPercent / 100m;
        var currency = tariff.Currency;
        var parts = new List<string>();
        var energy = $"{format.Amount(prices.PerKwh)} {currency}/kWh";
        foreach (var period in tariff.Periods.Take(MaxPeriodsNamed))
            energy += $", {PeriodLabel(period.Label, format)}: {format.Amount(period.EnergyPrice * gross)} {currency}/kWh";
        if (tariff.Periods.Count > MaxPeriodsNamed)
            energy += format.Swedish
                ? $" och {tariff.Periods.Count - MaxPeriodsNamed} tidsperioder till"
                : $" and {tariff.Periods.Count - MaxPeriodsNamed} more periods";
        parts.Add((format.Swedish ? "Pris: " : "Price: ") + energy);
        if (prices.FlatFee != 0m)
            parts.Add((format.Swedish ? "Startavgift " : "Start fee ") + $"{format.Amount(prices.FlatFee)} {currency}");
        if (prices.PerHour != 0m)
            parts.Add((format.Swedish ? "Tid " : "Time ") + $"{format.Amount(prices.PerHour)} {currency}/{Hour(format)}");
        if (prices.IdlePerHour is { } idle and not 0m)
            parts.Add(format.Swedish
                ? $"Tomgångsavgift {format.Amount(idle)} {currency}/tim efter {prices.IdleGraceMinutes} min"
                : $"Idle fee {format.Amount(idle)} {currency}/h after {prices.IdleGraceMinutes} min");
        if (tariff.TaxPercent != 0m)
            parts.Add(format.Swedish ? $"Inkl. {format.Number(tariff.TaxPercent, 0)} % moms" : $"Incl. {format.Number(tariff.TaxPercent, 0)} % VAT");
        return string.Join(". ", parts) + ".";
    }

    /// <summary>What the display shows while the charger cannot reach the server.</summary>
    public static string Offline(string priceText, DisplayFormat format) =>
        (format.Swedish ? "Laddstationen är offline. " : "The station is offline. ") + priceText;

    /// <summary>A closed session: energy, duration and total with its tax.</summary>
    public static string Final(decimal energyKwh, decimal durationMinutes, Cost cost, DisplayFormat format)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var minutes = (int)Math.Round(durationMinutes, MidpointRounding.AwayFromZero);
        var duration = minutes >= 60 ? $"{minutes / 60} h {minutes % 60} min" : $"{minutes} min";
        var energy = $"{format.Number(Math.Round(energyKwh, 2, MidpointRounding.AwayFromZero), 2)} kWh";
        var total = $"{format.Amount(cost.Total)} {cost.Currency}";
        var tax = $"{format.Amount(cost.Tax)} {cost.Currency}";
        return format.Swedish
            ? $"{energy} på {duration}. Totalt {total} inkl. {tax} moms. Tack!"
            : $"{energy} in {duration}. Total {total} incl. {tax} VAT. Thank you!";
    }

    private static string Hour(DisplayFormat format) => format.Swedish ? "tim" : "h";

    /// <summary>A period's label ("Mon-Fri 16:00-19:00") with Swedish day names when the display is Swedish.</summary>
    private static string PeriodLabel(string label, DisplayFormat format) =>
        format.Swedish ? DayName().Replace(label, match => SwedishDays[match.Value]) : label;

    private static readonly Dictionary<string, string> SwedishDays = new(StringComparer.Ordinal)
    {
        ["Mon"] = "mån", ["Tue"] = "tis", ["Wed"] = "ons", ["Thu"] = "tor", ["Fri"] = "fre", ["Sat"] = "lör", ["Sun"] = "sön",
    };

    [GeneratedRegex("Mon|Tue|Wed|Thu|Fri|Sat|Sun")]
    private static partial Regex DayName();
}
