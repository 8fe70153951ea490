namespace OcppCentral.Pricing;

/// <summary>
/// Rounds per-bucket energy to whole Wh so that the buckets still add up exactly to the billed
/// energy (largest-remainder, or Hamilton, method): each bucket gets its share rounded down, and the
/// units left over go to the buckets that lost the most, ties to the lower bucket (base price first).
/// A billed energy with a fraction of a Wh is split in the finest decimal unit that keeps it exact,
/// down to a µWh; beyond that it is rounded.
/// </summary>
internal static class LargestRemainder
{
    public const int MaxDecimals = 6;

    public static decimal[] Apportion(IReadOnlyList<decimal> sharesWh, decimal totalWh)
    {
        var target = Math.Round(totalWh, MaxDecimals, MidpointRounding.AwayFromZero);
        var unit = 1m;
        while (target % unit != 0m)
        {
            unit /= 10m;
        }

        var count = sharesWh.Count;
        var units = new decimal[count];
        var remainders = new decimal[count];
        for (var index = 0; index < count; index++)
        {
            var scaled = sharesWh[index] / unit;
            units[index] = Math.Floor(scaled);
            remainders[index] = scaled - units[index];
        }

        var order = Enumerable.Range(0, count).OrderByDescending(index => remainders[index]).ThenBy(index => index).ToArray();
        var missing = target / unit - units.Sum();
        for (var step = 0; missing > 0m; step++, missing--)
        {
            units[order[step % count]]++;
        }

        // Only reachable through decimal division error: take back from the smallest remainders.
        for (var step = 0; missing < 0m; step++)
        {
            var index = order[count - 1 - step % count];
            if (units[index] > 0m)
            {
                units[index]--;
                missing++;
            }
        }

        return units.Select(value => value * unit).ToArray();
    }
}
