using OcppCentral.Pricing;

namespace OcppCentral.Tests.Pricing;

/// <summary>Invariants every bill keeps (docs/sessions-and-pricing.md), over seeded random tariffs and sessions.</summary>
public partial class PriceCalculatorTests
{
    private const int GeneratedCaseCount = 200;

    [TestCaseSource(nameof(AnySessions))]
    public void Calculate_GeneratedSession_NetIsSumOfLinesAndTotalIsNetPlusTax(Tariff tariff, PricingInput input)
    {
        var cost = PriceCalculator.Calculate(tariff, input);

        var energyKwh = cost.Lines.Where(line => line.Component == CostComponents.Energy).Sum(line => line.Quantity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cost.Net, Is.EqualTo(cost.Lines.Sum(line => line.Amount)));
            Assert.That(cost.Total, Is.EqualTo(cost.Lines.Sum(line => line.Amount) + cost.Tax));
            Assert.That(energyKwh, Is.EqualTo(input.BilledWh / 1000m));
            Assert.That(cost.Lines.Select(line => line.Amount - Math.Round(line.Amount, 2)), Is.All.Zero);
            Assert.That(cost.Net, Is.InRange(tariff.MinimumPrice, tariff.MaximumPrice ?? decimal.MaxValue));
            Assert.That(cost.Tax, Is.EqualTo(Math.Round(cost.Net * tariff.TaxPercent / 100m, 2, MidpointRounding.AwayFromZero)));
        }
    }

    [TestCaseSource(nameof(GrowingSessions))]
    public void Calculate_MoreEnergy_NeverLowersTotal(Tariff tariff, PricingInput input)
    {
        var more = input with { EndRegisterWh = input.EndRegisterWh + 1000m };

        Assert.That(PriceCalculator.Calculate(tariff, more).Total, Is.GreaterThanOrEqualTo(PriceCalculator.Calculate(tariff, input).Total));
    }

    [TestCaseSource(nameof(GrowingSessions))]
    public void Calculate_LongerDurationAndIdle_NeverLowersTotal(Tariff tariff, PricingInput input)
    {
        var longer = input with { DurationMinutes = input.DurationMinutes + 15m, IdleMinutes = input.IdleMinutes + 15m };

        Assert.That(PriceCalculator.Calculate(tariff, longer).Total, Is.GreaterThanOrEqualTo(PriceCalculator.Calculate(tariff, input).Total));
    }

    private static IEnumerable<TestCaseData> AnySessions() => Generate(seed: 20260329, meterMayGoBackwards: true);

    private static IEnumerable<TestCaseData> GrowingSessions() => Generate(seed: 20261025, meterMayGoBackwards: false);

    private static IEnumerable<TestCaseData> Generate(int seed, bool meterMayGoBackwards)
    {
        var random = new Random(seed);
        for (var index = 0; index < GeneratedCaseCount; index++)
        {
            yield return new TestCaseData(GeneratedSessions.NextTariff(random), GeneratedSessions.NextSession(random, meterMayGoBackwards))
                .SetArgDisplayNames($"seed {seed} case {index}");
        }
    }
}
