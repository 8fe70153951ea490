using OcppCentral.Pricing;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>A tariff with every price and fee scaled (docs/sessions-and-pricing.md, fleet what-if).</summary>
public class TariffAdjustmentTests
{
    [Test]
    public void Scale_PlusTenPercent_ScalesUnitPricesExactlyAndRoundsAmountsToTheCent()
    {
        var tariff = Tariff.Create(WorkedExample with { StartFee = 0.99m, MinimumPrice = 1.05m, MaximumPrice = 99.95m });

        var scaled = TariffAdjustment.Scale(tariff, 10m);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scaled.StartFee, Is.EqualTo(1.09m));        // 1.089
            Assert.That(scaled.EnergyPrice, Is.EqualTo(2.20m));
            Assert.That(scaled.TimePrice, Is.EqualTo(0.055m));      // a unit price keeps its decimals
            Assert.That(scaled.IdleFee!.PerMinute, Is.EqualTo(0.55m));
            Assert.That(scaled.IdleFee.GraceMinutes, Is.EqualTo(tariff.IdleFee!.GraceMinutes));
            Assert.That(scaled.Periods.Select(p => (p.Label, p.EnergyPrice)), Is.EqualTo(new[] { ("Mon-Fri 16:00-19:00", 3.30m) }));
            Assert.That(scaled.MinimumPrice, Is.EqualTo(1.16m));    // 1.155, midpoint away from zero
            Assert.That(scaled.MaximumPrice, Is.EqualTo(109.95m));  // 109.945
            Assert.That(scaled.TaxPercent, Is.EqualTo(tariff.TaxPercent));
            Assert.That((scaled.Id, scaled.Currency, scaled.TimeZone.Id), Is.EqualTo((tariff.Id, tariff.Currency, tariff.TimeZone.Id)));
        }
    }

    [Test]
    public void Scale_MinusHundredPercent_MakesEverythingFree()
    {
        var scaled = TariffAdjustment.Scale(Tariff.Create(WorkedExample), -100m);

        Assert.That(new[] { scaled.StartFee, scaled.EnergyPrice, scaled.TimePrice, scaled.IdleFee!.PerMinute, scaled.Periods[0].EnergyPrice },
            Is.All.EqualTo(0m));
    }

    [Test]
    public void Scale_NoMaximum_StaysWithoutMaximum() =>
        Assert.That(TariffAdjustment.Scale(Tariff.Create(WorkedExample with { MaximumPrice = null }), 25m).MaximumPrice, Is.Null);

    [TestCase(-100.01)]
    [TestCase(1000.01)]
    [TestCase(1.005)]
    public void Check_OutOfRangeOrTooPrecise_IsAProblem(decimal percent) => Assert.That(TariffAdjustment.Check(percent), Is.Not.Null);

    [TestCase(-100)]
    [TestCase(0)]
    [TestCase(12.75)]
    [TestCase(1000)]
    public void Check_InRange_IsFine(decimal percent) => Assert.That(TariffAdjustment.Check(percent), Is.Null);

    [Test]
    public void Scale_PercentOutOfRange_Throws() =>
        Assert.That(() => TariffAdjustment.Scale(Tariff.Create(WorkedExample), 2000m), Throws.TypeOf<ArgumentOutOfRangeException>());
}
