using OcppCentral.Pricing;

namespace OcppCentral.Tests.Pricing;

/// <summary>Actual against candidate revenue, summed session by session (docs/sessions-and-pricing.md, price what-if).</summary>
public class RevenueTallyTests
{
    [Test]
    public void ToComparison_PricedAndUnpricedSessions_SumsBothSidesAndCountsTheUnpriced()
    {
        var tally = new RevenueTally("SEK");
        tally.Add(12000m, new Revenue("SEK", 46.50m, 58.13m), new Revenue("SEK", 50.00m, 62.50m));
        tally.Add(500m, null, new Revenue("SEK", 1.25m, 1.56m));
        tally.Add(2345m, new Revenue("SEK", 10.00m, 12.50m), new Revenue("SEK", 9.00m, 11.25m));

        var comparison = tally.ToComparison();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(comparison.ChargePointId, Is.Null);
            Assert.That(comparison.Sessions, Is.EqualTo(3));
            Assert.That(comparison.UnpricedSessions, Is.EqualTo(1));
            Assert.That(comparison.EnergyKwh, Is.EqualTo(14.845m));
            Assert.That(comparison.Actual, Is.EqualTo(new[] { new ActualRevenue("SEK", 2, 56.50m, 70.63m) }));
            Assert.That(comparison.Candidate, Is.EqualTo(new Revenue("SEK", 60.25m, 75.31m)));
            Assert.That(comparison.Difference, Is.EqualTo(new Revenue("SEK", 3.75m, 4.68m)));
            Assert.That(comparison.CurrencyMismatch, Is.False);
        }
    }

    [Test]
    public void ToComparison_NoSessions_IsZeroOnBothSidesWithZeroDifference()
    {
        var comparison = new RevenueTally("EUR").ToComparison("CP-1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(comparison.ChargePointId, Is.EqualTo("CP-1"));
            Assert.That(comparison.Sessions, Is.Zero);
            Assert.That(comparison.EnergyKwh, Is.Zero);
            Assert.That(comparison.Actual, Is.Empty);
            Assert.That(comparison.Candidate, Is.EqualTo(new Revenue("EUR", 0m, 0m)));
            Assert.That(comparison.Difference, Is.EqualTo(new Revenue("EUR", 0m, 0m)));
        }
    }

    [Test]
    public void ToComparison_OnlyUnpricedSessions_DifferenceIsTheWholeCandidateRevenue()
    {
        var tally = new RevenueTally("SEK");
        tally.Add(1000m, null, new Revenue("SEK", 2.50m, 3.13m));

        Assert.That(tally.ToComparison().Difference, Is.EqualTo(new Revenue("SEK", 2.50m, 3.13m)));
    }

    [Test]
    public void ToComparison_SessionChargedInAnotherCurrency_ListsActualPerCurrencyAndGivesNoDifference()
    {
        var tally = new RevenueTally("SEK");
        tally.Add(1000m, new Revenue("SEK", 10m, 12.50m), new Revenue("SEK", 11m, 13.75m));
        tally.Add(1000m, new Revenue("EUR", 1m, 1.25m), new Revenue("SEK", 11m, 13.75m));
        tally.Add(1000m, new Revenue("DKK", 7m, 8.75m), new Revenue("SEK", 11m, 13.75m));

        var comparison = tally.ToComparison();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(comparison.Actual, Is.EqualTo(new[]
            {
                new ActualRevenue("DKK", 1, 7m, 8.75m), new ActualRevenue("EUR", 1, 1m, 1.25m), new ActualRevenue("SEK", 1, 10m, 12.50m),
            }));
            Assert.That(comparison.Candidate, Is.EqualTo(new Revenue("SEK", 33m, 41.25m)));
            Assert.That(comparison.Difference, Is.Null);
            Assert.That(comparison.CurrencyMismatch, Is.True);
        }
    }

    [Test]
    public void Add_CandidateInAnotherCurrencyThanTheTally_IsRefused()
    {
        var tally = new RevenueTally("SEK");

        Assert.That(() => tally.Add(0m, null, new Revenue("EUR", 0m, 0m)), Throws.ArgumentException);
    }

    [Test]
    public void Of_Cost_TakesItsCurrencyNetAndTotal()
    {
        var cost = new Cost("t", "SEK", [new CostLine("start", 1m, "session", 3m, 3m, null)], 3m, 0.75m, 3.75m);

        Assert.That(Revenue.Of(cost), Is.EqualTo(new Revenue("SEK", 3m, 3.75m)));
    }
}
