using OcppCentral.Pricing;
using OcppCentral.Sessions;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>
/// How readings place energy in time (docs/sessions-and-pricing.md): linear between points, readings outside the
/// session ignored, a meter that goes backwards. The session runs across the 16:00 local peak start
/// (15:00Z) on Tuesday 2026-11-24.
/// </summary>
public partial class PriceCalculatorTests
{
    private static readonly DateTimeOffset SessionStart = Utc("2026-11-24T14:40:00Z");

    [Test]
    public void Calculate_NoReadings_SpreadsMeterStartToMeterStopEvenly()
    {
        var input = new PricingInput(SessionStart, Utc("2026-11-24T15:50:00Z"), 10000m, 22000m, [], 70m, 0m);

        var cost = PriceCalculator.Calculate(PeakTariff(), input);

        // 20 of 70 minutes before the peak: 3428.57 Wh, rounded up because it has the larger remainder.
        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 3429m), (Peak, 8571m))));
    }

    [Test]
    public void Calculate_ThreeEqualThirdsOfAKilowattHour_GiveTheLeftoverWhToTheBasePrice()
    {
        // 14:00-17:00 local: an hour at the base price, then an hour in each period, 1000 Wh evenly. The thirds tie
        // exactly, so the one Wh left over goes to the base price first. Computed in decimals, the last third was
        // 333.33…34 and took it.
        var tariff = WithPeriods(Period(["Tue"], "15:00", "16:00", 2m), Period(["Tue"], "16:00", "17:00", 3m));

        var cost = PriceCalculator.Calculate(tariff, Linear("2026-11-24T13:00:00Z", "2026-11-24T16:00:00Z", 1000m));

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 334m), ("Tue 15:00-16:00", 333m), ("Tue 16:00-17:00", 333m))));
    }

    [Test]
    public void Calculate_ReadingsUnsortedAndOutsideSession_IgnoresOutsideAndSortsTheRest()
    {
        var readings = new[]
        {
            Reading(30, 19000m), Reading(-10, 5000m), Reading(10, 13000m), Reading(0, 9999m),
            Reading(20, 16000m), Reading(40, 99999m), Reading(60, 30000m),
        };
        var input = new PricingInput(SessionStart, SessionStart.AddMinutes(40), 10000m, 22000m, readings, 40m, 0m);

        var cost = PriceCalculator.Calculate(PeakTariff(), input);

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 6000m), (Peak, 6000m))));
    }

    [Test]
    public void Calculate_SmallBackwardStepInsideOneBucket_KeepsTheReadings()
    {
        var readings = new[] { Reading(10, 3000m), Reading(20, 6000m), Reading(30, 5990m) };
        var input = new PricingInput(SessionStart, SessionStart.AddMinutes(40), 0m, 9000m, readings, 40m, 0m);

        var cost = PriceCalculator.Calculate(PeakTariff(), input);

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 6000m), (Peak, 3000m))));
    }

    [Test]
    public void Calculate_MeterResetMakesBucketNegative_SpreadsBilledEnergyEvenly()
    {
        var readings = new[] { Reading(10, 13000m), Reading(20, 16000m), Reading(30, 100m) };
        var input = new PricingInput(SessionStart, SessionStart.AddMinutes(40), 10000m, 15000m, readings, 40m, 0m);

        var cost = PriceCalculator.Calculate(PeakTariff(), input);

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 2500m), (Peak, 2500m))));
    }

    [Test]
    public void Calculate_EndRegisterBelowMeterStart_BillsNoEnergy()
    {
        var input = new PricingInput(SessionStart, SessionStart.AddMinutes(40), 10000m, 9000m, [Reading(10, 12000m)], 40m, 0m);

        var cost = PriceCalculator.Calculate(PeakTariff(), input);

        Assert.That(cost.Lines, Is.EqualTo(new[] { new CostLine("energy", 0m, "kWh", 1m, 0m, null) }));
    }

    [Test]
    public void Calculate_TwoReadingsAtOneInstant_PutTheJumpInThePeriodHoldingThen()
    {
        var readings = new[] { Reading(20, 4000m), Reading(20, 1000m) };
        var input = new PricingInput(SessionStart, SessionStart.AddMinutes(40), 0m, 4000m, readings, 40m, 0m);

        var cost = PriceCalculator.Calculate(PeakTariff(), input);

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 1000m), (Peak, 3000m))));
    }

    [Test]
    public void Calculate_StopBeforeStart_PutsEnergyAtStartAndChargesNoTime()
    {
        var tariff = Tariff.Create(PeakTariffDocument() with { TimePrice = 1m });
        var input = new PricingInput(Utc("2026-11-24T15:00:00Z"), Utc("2026-11-24T14:00:00Z"), 0m, 1000m, [], -60m, 0m);

        var cost = PriceCalculator.Calculate(tariff, input);

        Assert.That(cost.Lines, Is.EqualTo(new[]
        {
            new CostLine("energy", 1m, "kWh", 3m, 3m, Peak),
            new CostLine("time", 0m, "min", 1m, 0m, null),
        }));
    }

    [Test]
    public void Calculate_FractionalWh_SplitsInTenthsThatAddUp()
    {
        var input = new PricingInput(SessionStart, SessionStart.AddMinutes(40), 0m, 1000.5m, [], 40m, 0m);

        var cost = PriceCalculator.Calculate(PeakTariff(), input);

        Assert.That(EnergyWhByPeriod(cost), Is.EquivalentTo(Expected(("", 500.3m), (Peak, 500.2m))));
    }

    private static EnergyReading Reading(int minutesAfterStart, decimal registerWh) =>
        new(SessionStart.AddMinutes(minutesAfterStart), registerWh);

    private static TariffDocument PeakTariffDocument() =>
        Free with { EnergyPrice = 1m, Periods = [Period(["Mon", "Tue", "Wed", "Thu", "Fri"], "16:00", "19:00", 3m)] };

    private static Tariff PeakTariff() => Tariff.Create(PeakTariffDocument());
}
