using System.Numerics;

namespace OcppCentral.Pricing;

/// <summary>
/// Rounds per-bucket energy to whole Wh so that the buckets still add up exactly to the billed
/// energy (largest-remainder, or Hamilton, method): each bucket gets its share rounded down, and the
/// units left over go to the buckets that lost the most, ties to the lower bucket (base price first).
/// A billed energy with a fraction of a Wh is split in the finest decimal unit that keeps it exact,
/// down to a µWh; beyond that it is rounded. The shares are exact fractions and every step is integer
/// arithmetic, so equal shares tie exactly (three thirds of 1000 Wh are 334, 333 and 333 Wh, the extra
/// Wh to the base price) instead of a rounding error in the last digit choosing the bucket.
/// </summary>
internal static class LargestRemainder
{
    public const int MaxDecimals = 6;

    /// <summary>For shares that are decimals (each converted exactly).</summary>
    public static decimal[] Apportion(IReadOnlyList<decimal> sharesWh, decimal totalWh) =>
        Apportion(sharesWh.Select(Fraction.Of).ToArray(), totalWh);

    /// <param name="sharesWh">Non-negative, summing to <paramref name="totalWh"/>.</param>
    public static decimal[] Apportion(IReadOnlyList<Fraction> sharesWh, decimal totalWh)
    {
        var target = Math.Round(totalWh, MaxDecimals, MidpointRounding.AwayFromZero);
        var decimals = 0;
        while (decimal.Round(target, decimals) != target)
        {
            decimals++;
        }

        // Everything below counts in units of 10^-decimals Wh.
        var perWh = BigInteger.Pow(10, decimals);
        var count = sharesWh.Count;
        var units = new BigInteger[count];
        var remainders = new Fraction[count];
        for (var index = 0; index < count; index++)
        {
            var scaled = Fraction.Scale(sharesWh[index], perWh, BigInteger.One);
            units[index] = scaled.Floor();
            remainders[index] = scaled - Fraction.Of(units[index], BigInteger.One);
        }

        // With exact shares the leftover is between 0 and the number of buckets: the floors lose less than one unit
        // each, and rounding the total to a µWh moves it by less than half a unit.
        var order = Enumerable.Range(0, count).OrderByDescending(index => remainders[index]).ThenBy(index => index).ToArray();
        var missing = (BigInteger)(target * (decimal)perWh) - units.Aggregate(BigInteger.Zero, (sum, value) => sum + value);
        for (var step = 0; missing > 0; step++, missing--)
        {
            units[order[step % count]]++;
        }

        return units.Select(value => (decimal)value / (decimal)perWh).ToArray();
    }
}
