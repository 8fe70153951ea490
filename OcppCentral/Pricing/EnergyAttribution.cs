namespace OcppCentral.Pricing;

/// <summary>
/// Places a session's billed energy on the price timeline (docs/sessions-and-pricing.md): linearly in time
/// between consecutive points (start, meterStart) → readings inside (start, stop) → (stop, end
/// register). The result is exact, not yet rounded: per bucket, Wh as a fraction, summing to the
/// billed energy exactly.
/// </summary>
internal static class EnergyAttribution
{
    public static Fraction[] Attribute(Tariff tariff, PricingInput input)
    {
        var buckets = new Fraction[tariff.Periods.Count + 1];
        var billedWh = input.BilledWh;
        if (billedWh == 0m)
        {
            return buckets;
        }

        // A stop before the start (an anomaly of its own) leaves no time to spread over: all the
        // energy then falls at the start instant.
        var startTicks = input.StartTime.UtcTicks;
        var stopTicks = Math.Max(startTicks, input.StopTime.UtcTicks);
        var pieces = PeriodTimeline.Build(tariff, startTicks, stopTicks);
        Spread(Points(input, startTicks, stopTicks), pieces, buckets);
        return Settle(tariff, buckets, billedWh, startTicks, stopTicks, pieces);
    }

    /// <summary>
    /// The buckets of the curve's segments added up, or the even spread when they contradict each other. A register that
    /// went backwards (meter reset, swapped meter) can pull a bucket below 0: exactly when the drops placed in some
    /// price's time outweigh the rises placed there. Readings that contradict each other that much say nothing reliable
    /// about when energy flowed, so the billed energy is then spread evenly over the session instead
    /// (docs/sessions-and-pricing.md).
    /// </summary>
    /// <param name="pieces">The timeline of [start, stop]; null to build it when it is needed.</param>
    internal static Fraction[] Settle(Tariff tariff, Fraction[] buckets, decimal billedWh, long startTicks, long stopTicks,
        List<TimelinePiece>? pieces)
    {
        if (buckets.Any(wh => wh.Sign < 0))
        {
            Array.Clear(buckets);
            Spread([(startTicks, 0m), (stopTicks, billedWh)], pieces ?? PeriodTimeline.Build(tariff, startTicks, stopTicks), buckets);
        }

        return buckets;
    }

    /// <summary>
    /// Adds one segment of the curve to <paramref name="buckets"/> (<paramref name="sign"/> −1 takes it out again), on a
    /// timeline of its own span. The pieces of a timeline are the stretches of constant price, which are the same whatever
    /// span it is built for, and the shares are exact, so a segment adds what it adds within the whole session's timeline.
    /// </summary>
    internal static void AddSegment(Tariff tariff, long fromTicks, decimal fromWh, long toTicks, decimal toWh, Fraction[] buckets, int sign = 1)
    {
        if (toWh == fromWh)
        {
            return;
        }

        // Within one price (the usual span between two readings) the whole segment goes to that price's bucket, as Spread
        // puts it there; only a segment across a price change needs the timeline.
        if (PeriodTimeline.SingleBucket(tariff, fromTicks, toTicks) is { } bucket)
        {
            buckets[bucket] += Fraction.Of(sign >= 0 ? toWh - fromWh : fromWh - toWh);
            return;
        }

        var pieces = PeriodTimeline.Build(tariff, fromTicks, toTicks);
        Spread(sign >= 0 ? [(fromTicks, fromWh), (toTicks, toWh)] : [(fromTicks, toWh), (toTicks, fromWh)], pieces, buckets);
    }

    /// <summary>Readings at or outside the ends are ignored: meterStart and the end register are the session's own figures.</summary>
    private static List<(long Ticks, decimal Wh)> Points(PricingInput input, long startTicks, long stopTicks)
    {
        var points = new List<(long Ticks, decimal Wh)>(input.EnergyReadings.Count + 2) { (startTicks, input.MeterStartWh) };
        points.AddRange(input.EnergyReadings
            .Select(reading => (Ticks: reading.Timestamp.UtcTicks, Wh: reading.RegisterWh))
            .Where(point => startTicks < point.Ticks && point.Ticks < stopTicks)
            .OrderBy(point => point.Ticks)
            .ThenBy(point => point.Wh));
        points.Add((stopTicks, input.EndRegisterWh));
        return points;
    }

    /// <summary>
    /// Each segment's energy goes to the pieces it overlaps in proportion to time; the last piece
    /// gets the remainder so the segment's energy is kept exactly. A segment without duration
    /// (two points at one instant) puts its energy in the piece holding at that instant.
    /// </summary>
    private static void Spread(IReadOnlyList<(long Ticks, decimal Wh)> points, List<TimelinePiece> pieces, Fraction[] buckets)
    {
        var piece = 0;
        for (var index = 1; index < points.Count; index++)
        {
            var (fromTicks, fromWh) = points[index - 1];
            var (toTicks, toWh) = points[index];
            while (piece < pieces.Count - 1 && pieces[piece].EndTicks <= fromTicks)
            {
                piece++;
            }

            // Register values are decimals: their difference is exact.
            var energyWh = toWh - fromWh;
            if (energyWh == 0m)
            {
                continue;
            }

            var energy = Fraction.Of(energyWh);
            var spanTicks = toTicks - fromTicks;
            var attributed = Fraction.Zero;
            var cursor = fromTicks;
            var current = piece;
            while (current < pieces.Count - 1 && pieces[current].EndTicks < toTicks)
            {
                var share = Fraction.Scale(energy, pieces[current].EndTicks - cursor, spanTicks);
                buckets[pieces[current].Bucket] += share;
                attributed += share;
                cursor = pieces[current].EndTicks;
                current++;
            }

            buckets[pieces[current].Bucket] += energy - attributed;
        }
    }
}
