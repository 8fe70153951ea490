namespace OcppCentral.Pricing;

/// <summary>
/// A tariff's periods laid out on one local week, Monday 00:00 = tick 0, as half-open intervals
/// (docs/sessions-and-pricing.md). It answers the two questions pricing needs without stepping through time:
/// which period holds at a local moment, and how far away the next period edge is.
/// </summary>
internal sealed class WeeklySchedule
{
    public const long TicksPerWeek = 7 * TimeSpan.TicksPerDay;

    /// <summary>Non-overlapping (the validator refuses overlaps), sorted by start.</summary>
    private readonly WeeklyInterval[] intervals;

    /// <summary>Every interval start and end, sorted and distinct: the local moments where the price may change.</summary>
    private readonly long[] edges;

    public WeeklySchedule(IReadOnlyList<TariffPeriod> periods)
    {
        intervals = periods.SelectMany(IntervalsOf).OrderBy(interval => interval.StartTick).ToArray();
        edges = intervals.SelectMany(interval => new[] { interval.StartTick, interval.EndTick % TicksPerWeek })
            .Distinct().Order().ToArray();
    }

    public bool IsEmpty => intervals.Length == 0;

    /// <summary>
    /// The weekly intervals of one period. An overnight period belongs to the day it starts, so it
    /// runs into the next day; Sunday's night wraps to Monday morning and is split in two.
    /// </summary>
    public static IEnumerable<WeeklyInterval> IntervalsOf(TariffPeriod period, int periodIndex)
    {
        foreach (var day in period.Days)
        {
            var start = PeriodText.IndexOf(day) * TimeSpan.TicksPerDay + period.From.Ticks;
            var end = start + period.Length.Ticks;
            if (end <= TicksPerWeek)
            {
                yield return new WeeklyInterval(periodIndex, start, end);
                continue;
            }

            yield return new WeeklyInterval(periodIndex, start, TicksPerWeek);
            yield return new WeeklyInterval(periodIndex, 0, end - TicksPerWeek);
        }
    }

    /// <summary>The period index holding at <paramref name="tickOfWeek"/> (−1 for none), and the ticks to the next edge.</summary>
    public (int PeriodIndex, long TicksToNextEdge) Locate(long tickOfWeek)
    {
        var periodIndex = -1;
        foreach (var interval in intervals)
        {
            if (interval.StartTick <= tickOfWeek && tickOfWeek < interval.EndTick)
            {
                periodIndex = interval.PeriodIndex;
                break;
            }
        }

        return (periodIndex, TicksToNextEdge(tickOfWeek));
    }

    private long TicksToNextEdge(long tickOfWeek)
    {
        if (edges.Length == 0)
        {
            return long.MaxValue;
        }

        var found = Array.BinarySearch(edges, tickOfWeek);
        var next = found >= 0 ? found + 1 : ~found;
        return next < edges.Length ? edges[next] - tickOfWeek : TicksPerWeek - tickOfWeek + edges[0];
    }
}
