using System.Globalization;
using OcppCentral.Pricing;

namespace OcppCentral.Tests.Pricing;

/// <summary>Tariffs and sessions the pricing tests build on.</summary>
internal static class PricingFixtures
{
    /// <summary>Everything at 0 but the required fields, so a test sets only what it is about.</summary>
    public static TariffDocument Free { get; } = new()
    {
        Id = "test",
        Name = "Test",
        Currency = "SEK",
        TimeZone = "Europe/Stockholm",
        EnergyPrice = 0m,
        TaxPercent = 0m,
    };

    /// <summary>The tariff of the worked example in docs/sessions-and-pricing.md.</summary>
    public static TariffDocument WorkedExample { get; } = Free with
    {
        Id = "example",
        StartFee = 3.00m,
        EnergyPrice = 2.00m,
        TimePrice = 0.05m,
        IdleFee = new IdleFeeDocument { PerMinute = 0.50m, GraceMinutes = 10m },
        Periods = [Period(["Mon", "Tue", "Wed", "Thu", "Fri"], "16:00", "19:00", 3.00m)],
        TaxPercent = 25m,
    };

    public static TariffPeriodDocument Period(string[] days, string from, string to, decimal energyPrice) =>
        new() { Days = days, From = from, To = to, EnergyPrice = energyPrice };

    /// <summary>A tariff with base price 1 per kWh and the given periods, to count energy per bucket.</summary>
    public static Tariff WithPeriods(params TariffPeriodDocument[] periods) =>
        Tariff.Create(Free with { EnergyPrice = 1m, Periods = periods });

    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A session without readings: its energy is spread evenly between start and stop.</summary>
    public static PricingInput Linear(string startUtc, string stopUtc, decimal energyWh)
    {
        var (start, stop) = (Utc(startUtc), Utc(stopUtc));
        return new PricingInput(start, stop, 1000m, 1000m + energyWh, [], (decimal)(stop - start).TotalMinutes, 0m);
    }

    public static PricingInput Session(decimal durationMinutes = 0m, decimal idleMinutes = 0m, decimal energyWh = 0m)
    {
        var start = Utc("2026-11-24T14:40:00Z");
        return new PricingInput(start, start.AddMinutes((double)durationMinutes), 0m, energyWh, [], durationMinutes, idleMinutes);
    }

    /// <summary>Wh per energy line, keyed by period label ("" for the base price).</summary>
    public static Dictionary<string, decimal> EnergyWhByPeriod(Cost cost) =>
        cost.Lines.Where(line => line.Component == CostComponents.Energy)
            .ToDictionary(line => line.Period ?? "", line => line.Quantity * 1000m);
}
