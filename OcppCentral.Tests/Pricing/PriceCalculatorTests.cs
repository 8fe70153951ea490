using OcppCentral.Pricing;
using OcppCentral.Sessions;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

public partial class PriceCalculatorTests
{
    [Test]
    public void Calculate_SpecWorkedExample_GivesSpecFigures()
    {
        var start = Utc("2026-11-24T14:40:00Z");
        var readings = new[] { 13000m, 16000m, 19000m, 22000m, 22000m, 22000m }
            .Select((wh, index) => new EnergyReading(start.AddMinutes(10 * (index + 1)), wh)).ToArray();
        var input = new PricingInput(start, Utc("2026-11-24T15:50:00Z"), 10000m, 22000m, readings, 70m, 30m);

        var cost = PriceCalculator.Calculate(Tariff.Create(WorkedExample), input);

        Assert.That(cost.Lines, Is.EqualTo(new[]
        {
            new CostLine("start", 1m, "session", 3.00m, 3.00m, null),
            new CostLine("energy", 6m, "kWh", 2.00m, 12.00m, null),
            new CostLine("energy", 6m, "kWh", 3.00m, 18.00m, "Mon-Fri 16:00-19:00"),
            new CostLine("time", 70m, "min", 0.05m, 3.50m, null),
            new CostLine("idle", 20m, "min", 0.50m, 10.00m, null),
        }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cost.TariffId, Is.EqualTo("example"));
            Assert.That(cost.Currency, Is.EqualTo("SEK"));
            Assert.That(cost.Net, Is.EqualTo(46.50m));
            Assert.That(cost.Tax, Is.EqualTo(11.63m));
            Assert.That(cost.Total, Is.EqualTo(58.13m));
        }
    }

    [TestCase("start", 1, "session", 3.00, 3.00)]
    [TestCase("energy", 12.5, "kWh", 2.00, 25.00)]
    [TestCase("time", 70, "min", 0.05, 3.50)]
    [TestCase("idle", 20, "min", 0.50, 10.00)]
    public void Calculate_OneComponentPriced_GivesOnlyThatLine(string component, decimal quantity, string unit, decimal unitPrice, decimal amount)
    {
        var tariff = Tariff.Create(component switch
        {
            "start" => Free with { StartFee = unitPrice },
            "energy" => Free with { EnergyPrice = unitPrice },
            "time" => Free with { TimePrice = unitPrice },
            _ => Free with { IdleFee = new IdleFeeDocument { PerMinute = unitPrice, GraceMinutes = 10m } },
        });
        var input = Session(durationMinutes: 70m, idleMinutes: 30m, energyWh: component == "energy" ? 12500m : 0m);

        var cost = PriceCalculator.Calculate(tariff, input);

        var priced = new CostLine(component, quantity, unit, unitPrice, amount, null);
        var noEnergy = new CostLine("energy", 0m, "kWh", 0m, 0m, null);
        Assert.That(cost.Lines, Is.EqualTo(component switch
        {
            "start" => new[] { priced, noEnergy },
            "energy" => [priced],
            _ => [noEnergy, priced],
        }));
        Assert.That(cost.Net, Is.EqualTo(amount));
    }

    [Test]
    public void Calculate_NothingPriced_ShowsOnlyTheZeroEnergyLine()
    {
        var cost = PriceCalculator.Calculate(Tariff.Create(Free), Session(durationMinutes: 30m, idleMinutes: 30m));

        Assert.That(cost.Lines, Is.EqualTo(new[] { new CostLine("energy", 0m, "kWh", 0m, 0m, null) }));
        Assert.That(cost.Total, Is.Zero);
    }

    [TestCase(5, 0)]
    [TestCase(10, 0)]
    [TestCase(10.5, 0.5)]
    [TestCase(30, 20)]
    public void Calculate_IdleAgainstTenGraceMinutes_ChargesOnlyMinutesPastGrace(decimal idleMinutes, decimal billedMinutes)
    {
        var tariff = Tariff.Create(Free with { IdleFee = new IdleFeeDocument { PerMinute = 1.00m, GraceMinutes = 10m } });

        var cost = PriceCalculator.Calculate(tariff, Session(durationMinutes: 60m, idleMinutes: idleMinutes));

        var idleLines = cost.Lines.Where(line => line.Component == "idle").ToArray();
        Assert.That(idleLines.Sum(line => line.Quantity), Is.EqualTo(billedMinutes));
        Assert.That(idleLines, Has.Length.EqualTo(billedMinutes > 0m ? 1 : 0));
        Assert.That(cost.Net, Is.EqualTo(billedMinutes));
    }

    [TestCase(2.00, null, 10.00, 10.00)]
    [TestCase(12.50, 20.00, 10.00, 12.50)]
    [TestCase(0, 20.00, 10.00, 10.00)]
    [TestCase(0, 20.00, 30.00, 20.00)]
    [TestCase(0, 0, 30.00, 0)]
    [TestCase(12.00, 12.00, 5.00, 12.00)]
    public void Calculate_NetOutsideMinimumOrMaximum_IsClampedByAnAdjustmentLine(decimal minimum, decimal? maximum, decimal energyKwh, decimal net)
    {
        var tariff = Tariff.Create(Free with { EnergyPrice = 1m, MinimumPrice = minimum, MaximumPrice = maximum, TaxPercent = 25m });

        var cost = PriceCalculator.Calculate(tariff, Session(durationMinutes: 60m, energyWh: energyKwh * 1000m));

        var adjustments = cost.Lines.Where(line => line.Component == "adjustment").ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cost.Net, Is.EqualTo(net));
            Assert.That(cost.Net, Is.EqualTo(cost.Lines.Sum(line => line.Amount)));
            Assert.That(cost.Total, Is.EqualTo(cost.Net + cost.Tax));
            Assert.That(adjustments.Select(line => line.Amount), Is.EqualTo(net == energyKwh ? Array.Empty<decimal>() : [net - energyKwh]));
            Assert.That(adjustments.Select(line => (line.Quantity, line.Unit)), Is.All.EqualTo((1m, "session")));
        }
    }

    [TestCase(46.50, 25, 11.63)]
    [TestCase(0.10, 25, 0.03)]
    [TestCase(0.02, 25, 0.01)]
    [TestCase(0.01, 25, 0)]
    [TestCase(10.00, 0, 0)]
    [TestCase(1.10, 12.5, 0.14)]
    public void Calculate_TaxAtMidpoint_RoundsAwayFromZero(decimal net, decimal taxPercent, decimal tax)
    {
        var tariff = Tariff.Create(Free with { StartFee = net, TaxPercent = taxPercent });

        var cost = PriceCalculator.Calculate(tariff, Session());

        Assert.That((cost.Net, cost.Tax, cost.Total), Is.EqualTo((net, tax, net + tax)));
    }

    [TestCase(1234, 0.3333, 0.41)]
    [TestCase(1000, 0.005, 0.01)]
    [TestCase(1000, 0.025, 0.03)]
    [TestCase(2500, 0.001, 0)]
    public void Calculate_LineAmountAtMidpoint_RoundsAwayFromZero(decimal energyWh, decimal energyPrice, decimal amount)
    {
        var tariff = Tariff.Create(Free with { EnergyPrice = energyPrice });

        var cost = PriceCalculator.Calculate(tariff, Session(durationMinutes: 10m, energyWh: energyWh));

        Assert.That(cost.Lines.Single().Amount, Is.EqualTo(amount));
    }
}
