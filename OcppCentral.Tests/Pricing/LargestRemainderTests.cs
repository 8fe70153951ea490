using OcppCentral.Pricing;

namespace OcppCentral.Tests.Pricing;

public class LargestRemainderTests
{
    [TestCase(new[] { 0.5, 0.5 }, 1, new[] { 1.0, 0.0 }, TestName = "Apportion_TiedRemainders_GoToTheLowerBucket")]
    [TestCase(new[] { 1.2, 2.3, 6.5 }, 10, new[] { 1.0, 2.0, 7.0 }, TestName = "Apportion_OneUnitLeft_GoesToTheLargestRemainder")]
    [TestCase(new[] { 3.7, 3.7, 2.6 }, 10, new[] { 4.0, 4.0, 2.0 }, TestName = "Apportion_TwoUnitsLeft_GoToTheTwoLargestRemainders")]
    [TestCase(new[] { 6000.0, 6000.0 }, 12000, new[] { 6000.0, 6000.0 }, TestName = "Apportion_WholeShares_StayAsTheyAre")]
    [TestCase(new[] { 0.0, 0.0, 0.0 }, 0, new[] { 0.0, 0.0, 0.0 }, TestName = "Apportion_Nothing_GivesZeros")]
    [TestCase(new[] { 500.25, 500.25 }, 1000.5, new[] { 500.3, 500.2 }, TestName = "Apportion_FractionalTotal_UsesTheFinestUnitItNeeds")]
    public void Apportion_Shares_RoundToUnitsThatAddUpToTheTotal(double[] shares, double total, double[] expected)
    {
        var result = LargestRemainder.Apportion(shares.Select(share => (decimal)share).ToArray(), (decimal)total);

        Assert.That(result, Is.EqualTo(expected.Select(value => (decimal)value)));
        Assert.That(result.Sum(), Is.EqualTo((decimal)total));
    }

    [Test]
    public void Apportion_ThreeEqualThirds_TheLeftoverGoesToTheLowerBucket()
    {
        // Exactly a third each: the remainders tie, so the leftover Wh goes to the base price. In decimals the last third
        // came out 0.0…01 larger than the others and took it.
        var third = Fraction.Of(1000, 3);

        var result = LargestRemainder.Apportion([third, third, third], 1000m);

        Assert.That(result, Is.EqualTo(new[] { 334m, 333m, 333m }));
    }

    [Test]
    public void Apportion_SharesWithDifferentDenominators_SumExactlyAndRoundByTheirTrueRemainders()
    {
        // 1000/7 = 142.857…, 2000/7 = 285.714…, 4000/7 = 571.428…: remainders .857, .714, .428 → one Wh left, to the first.
        var result = LargestRemainder.Apportion([Fraction.Of(1000, 7), Fraction.Of(2000, 7), Fraction.Of(4000, 7)], 1000m);

        Assert.That(result, Is.EqualTo(new[] { 143m, 286m, 571m }));
    }
}
