using OcppCentral.Pricing;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>Which period prices which energy: boundaries, midnight, week wrap (docs/sessions-and-pricing.md). Stockholm is UTC+1 in November.</summary>
public partial class PriceCalculatorTests
{
    private const string Peak = "Mon-Fri 16:00-19:00";

    [TestCase("2026-11-24T14:30:00Z", "2026-11-24T15:30:00Z", 1000, 1000, TestName = "Calculate_SessionCrossesPeakStart_SplitsEnergy")]
    [TestCase("2026-11-24T17:30:00Z", "2026-11-24T18:30:00Z", 1000, 1000, TestName = "Calculate_SessionCrossesPeakEnd_SplitsEnergy")]
    [TestCase("2026-11-24T14:00:00Z", "2026-11-24T19:00:00Z", 800, 1200, TestName = "Calculate_SessionSpansWholePeak_SplitsEnergyByTime")]
    [TestCase("2026-11-24T15:00:00Z", "2026-11-24T18:00:00Z", 0, 2000, TestName = "Calculate_SessionExactlyOnPeak_PricesAllAtPeak")]
    [TestCase("2026-11-28T14:30:00Z", "2026-11-28T15:30:00Z", 2000, 0, TestName = "Calculate_PeakHoursOnUnlistedDay_UseBasePrice")]
    public void Calculate_SessionCrossesPeakBoundary_SplitsEnergy(string startUtc, string stopUtc, decimal baseWh, decimal peakWh)
    {
        var tariff = WithPeriods(Period(["Mon", "Tue", "Wed", "Thu", "Fri"], "16:00", "19:00", 3m));

        var cost = PriceCalculator.Calculate(tariff, Linear(startUtc, stopUtc, 2000m));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", baseWh), (Peak, peakWh))));
    }

    [TestCase("2026-11-23T20:00:00Z", "2026-11-24T00:00:00Z", 1000, 3000, TestName = "Calculate_SessionIntoListedNight_PricesAfter22AtNightPrice")]
    [TestCase("2026-11-24T04:00:00Z", "2026-11-24T06:00:00Z", 1000, 1000, TestName = "Calculate_MorningAfterListedDay_BelongsToTheNightStartedTheDayBefore")]
    [TestCase("2026-11-24T22:00:00Z", "2026-11-25T00:00:00Z", 2000, 0, TestName = "Calculate_NightStartingOnUnlistedDay_UsesBasePrice")]
    public void Calculate_PeriodCrossesMidnight_BelongsToTheDayItStarts(string startUtc, string stopUtc, decimal baseWh, decimal nightWh)
    {
        var tariff = WithPeriods(Period(["Mon"], "22:00", "06:00", 0.5m));
        var energyWh = baseWh + nightWh;

        var cost = PriceCalculator.Calculate(tariff, Linear(startUtc, stopUtc, energyWh));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", baseWh), ("Mon 22:00-06:00", nightWh))));
    }

    [Test]
    public void Calculate_SundayNightPeriod_RunsIntoMondayMorning()
    {
        var tariff = WithPeriods(Period(["Sun"], "22:00", "06:00", 0.5m));

        var cost = PriceCalculator.Calculate(tariff, Linear("2026-11-30T04:00:00Z", "2026-11-30T06:00:00Z", 2000m));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 1000m), ("Sun 22:00-06:00", 1000m))));
    }

    [Test]
    public void Calculate_SessionOverSeveralDays_PricesEveryNight()
    {
        var everyDay = new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
        var tariff = WithPeriods(Period(everyDay, "22:00", "06:00", 0.5m));

        var cost = PriceCalculator.Calculate(tariff, Linear("2026-11-22T23:00:00Z", "2026-11-25T23:00:00Z", 72000m));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 48000m), ("Mon-Sun 22:00-06:00", 24000m))));
    }

    [Test]
    public void Calculate_SeveralPeriods_ListsBaseFirstThenPeriodsInTariffOrder()
    {
        var tariff = WithPeriods(Period(["Tue"], "18:00", "20:00", 4m), Period(["Tue"], "16:00", "18:00", 3m));

        var cost = PriceCalculator.Calculate(tariff, Linear("2026-11-24T14:00:00Z", "2026-11-24T19:00:00Z", 5000m));

        Assert.That(cost.Lines.Select(line => (line.Period, line.Quantity, line.UnitPrice, line.Amount)), Is.EqualTo(new (string?, decimal, decimal, decimal)[]
        {
            (null, 1m, 1m, 1m), ("Tue 18:00-20:00", 2m, 4m, 8m), ("Tue 16:00-18:00", 2m, 3m, 6m),
        }));
    }

    [Test]
    public void Calculate_EnergyInThreeEqualThirds_RoundsToWholeWhThatAddUp()
    {
        var tariff = WithPeriods(Period(["Mon"], "01:00", "02:00", 2m), Period(["Mon"], "02:00", "03:00", 3m));

        var cost = PriceCalculator.Calculate(tariff, Linear("2026-11-22T23:00:00Z", "2026-11-23T02:00:00Z", 1000m));

        var energyWh = EnergyWhByPeriod(cost).Values;
        Assert.That(energyWh.Sum(), Is.EqualTo(1000m));
        Assert.That(energyWh, Is.EquivalentTo(new[] { 333m, 333m, 334m }));
    }

    private static Dictionary<string, decimal> Expected(params (string Period, decimal Wh)[] buckets) =>
        buckets.Where(bucket => bucket.Wh > 0m || bucket.Period == "" && buckets.All(other => other.Wh == 0m))
            .ToDictionary(bucket => bucket.Period, bucket => bucket.Wh);
}
