using OcppCentral.Pricing;
using OcppCentral.Sessions;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>
/// Both daylight-saving nights in Europe/Stockholm (docs/sessions-and-pricing.md; the style guide's rule on tests): on 2026-03-29 the
/// clock jumps 02:00 CET → 03:00 CEST at 01:00Z, on 2026-10-25 it falls back 03:00 CEST → 02:00 CET
/// at 01:00Z, so the local hour 02:00–03:00 happens never and twice; and a zone that shifts by half an hour.
/// </summary>
public partial class PriceCalculatorTests
{
    private static readonly string[] EveryDay = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    [TestCase("2026-03-28T00:30:00Z", "2026-03-28T01:30:00Z", 500, 500, TestName = "Calculate_DayBeforeSpringForward_PricesTheHourNormally")]
    [TestCase("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", 1000, 0, TestName = "Calculate_SpringForward_SkippedLocalHourGetsNoEnergy")]
    [TestCase("2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z", 1000, 2000, TestName = "Calculate_FallBack_RepeatedLocalHourGetsTwoRealHours")]
    public void Calculate_HourPeriodOnDaylightSavingNight_FollowsTheLocalClock(string startUtc, string stopUtc, decimal baseWh, decimal periodWh)
    {
        var tariff = WithPeriods(Period(EveryDay, "02:00", "03:00", 2m));

        var cost = PriceCalculator.Calculate(tariff, Linear(startUtc, stopUtc, baseWh + periodWh));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", baseWh), ("Mon-Sun 02:00-03:00", periodWh))));
    }

    [TestCase("2026-03-28T21:00:00Z", "2026-03-29T05:00:00Z", 1000, 7000, TestName = "Calculate_SpringForwardNight_NightPeriodLastsSevenRealHours")]
    [TestCase("2026-10-24T20:00:00Z", "2026-10-25T06:00:00Z", 1000, 9000, TestName = "Calculate_FallBackNight_NightPeriodLastsNineRealHours")]
    public void Calculate_NightPeriodOnDaylightSavingNight_FollowsTheLocalClock(string startUtc, string stopUtc, decimal baseWh, decimal nightWh)
    {
        var tariff = WithPeriods(Period(EveryDay, "22:00", "06:00", 0.5m));

        var cost = PriceCalculator.Calculate(tariff, Linear(startUtc, stopUtc, baseWh + nightWh));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", baseWh), ("Mon-Sun 22:00-06:00", nightWh))));
    }

    [Test]
    public void Calculate_PeriodStartingWhenClockJumps_StartsAtTheJump()
    {
        var tariff = WithPeriods(Period(EveryDay, "03:00", "04:00", 2m));

        var cost = PriceCalculator.Calculate(tariff, Linear("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", 1000m));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 500m), ("Mon-Sun 03:00-04:00", 500m))));
    }

    [Test]
    public void Calculate_ReadingsAcrossRepeatedHour_AttributeEachOccurrenceToThePeriod()
    {
        var tariff = WithPeriods(Period(EveryDay, "02:00", "03:00", 2m));
        var readings = new[]
        {
            new EnergyReading(Utc("2026-10-25T00:00:00Z"), 500m),   // 02:00 CEST, first 02:00
            new EnergyReading(Utc("2026-10-25T01:00:00Z"), 1500m),  // 02:00 CET, second 02:00
            new EnergyReading(Utc("2026-10-25T02:00:00Z"), 3500m),  // 03:00 CET
        };
        var input = new PricingInput(Utc("2026-10-24T23:30:00Z"), Utc("2026-10-25T02:30:00Z"), 0m, 3600m, readings, 180m, 0m);

        var cost = PriceCalculator.Calculate(tariff, input);

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 600m), ("Mon-Sun 02:00-03:00", 3000m))));
    }

    [Test]
    public void Calculate_HalfHourDaylightSavingShift_SkipsTheMissingHalfHour()
    {
        // Lord Howe Island moves from UTC+10:30 to UTC+11 at 02:00 local on 2026-10-04: 02:00-02:30 never happens.
        var tariff = Tariff.Create(Free with { TimeZone = "Australia/Lord_Howe", EnergyPrice = 1m, Periods = [Period(EveryDay, "02:00", "03:00", 2m)] });

        var cost = PriceCalculator.Calculate(tariff, Linear("2026-10-03T15:00:00Z", "2026-10-03T16:30:00Z", 1500m));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 1000m), ("Mon-Sun 02:00-03:00", 500m))));
    }
}
