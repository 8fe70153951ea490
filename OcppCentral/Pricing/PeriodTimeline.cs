namespace OcppCentral.Pricing;

/// <summary>
/// Splits a session's [start, stop] into <see cref="TimelinePiece"/>s of constant energy price.
/// docs/sessions-and-pricing.md and the style guide (NodaTime anchor): the period in force is decided by converting an
/// instant to local time, which is always unambiguous, never by turning a local time into an
/// instant, which is ambiguous or impossible across a daylight-saving change. Rather than look at
/// every second, it jumps from one instant where the price can change to the next: the next period
/// edge on the local clock, or an earlier change of the zone's UTC offset.
/// </summary>
internal static class PeriodTimeline
{
    public const int BaseBucket = 0;

    /// <summary>
    /// A step never spans more than a day, so two offset changes can never hide between its ends
    /// (no zone changes its offset twice within a day).
    /// </summary>
    private const long MaxStepTicks = TimeSpan.TicksPerDay;

    /// <summary>Pieces that cover [<paramref name="startTicks"/>, <paramref name="stopTicks"/>] in order; one empty piece when they are equal.</summary>
    public static List<TimelinePiece> Build(Tariff tariff, long startTicks, long stopTicks)
    {
        var pieces = new List<TimelinePiece>();
        if (tariff.Schedule.IsEmpty)
        {
            pieces.Add(new TimelinePiece(startTicks, stopTicks, BaseBucket));
            return pieces;
        }

        var instant = startTicks;
        do
        {
            var local = ToLocal(tariff.TimeZone, instant);
            var (periodIndex, ticksToEdge) = tariff.Schedule.Locate(TickOfWeek(local));
            var step = Math.Min(ticksToEdge, MaxStepTicks);
            var next = stopTicks - instant <= step ? stopTicks : instant + step;

            // Local ticks to the edge equal UTC ticks only while the offset stays; if it changes
            // first, stop at the change and look at the local clock again from there.
            if (next > instant && ToLocal(tariff.TimeZone, next).Offset != local.Offset)
            {
                next = FirstOffsetChange(tariff.TimeZone, instant, next, local.Offset);
            }

            Append(pieces, new TimelinePiece(instant, next, periodIndex + 1));
            instant = next;
        }
        while (instant < stopTicks);

        return pieces;
    }

    /// <summary>
    /// The bucket of [<paramref name="startTicks"/>, <paramref name="stopTicks"/>] when <see cref="Build"/> would give it as one
    /// piece (no price change inside it: the usual span between two readings), else null; found without building the list.
    /// </summary>
    public static int? SingleBucket(Tariff tariff, long startTicks, long stopTicks)
    {
        if (tariff.Schedule.IsEmpty)
            return BaseBucket;
        // Build's first step, and whether it already reaches the stop.
        var local = ToLocal(tariff.TimeZone, startTicks);
        var (periodIndex, ticksToEdge) = tariff.Schedule.Locate(TickOfWeek(local));
        if (stopTicks - startTicks > Math.Min(ticksToEdge, MaxStepTicks))
            return null;
        if (stopTicks > startTicks && ToLocal(tariff.TimeZone, stopTicks).Offset != local.Offset)
            return null;
        return periodIndex + 1;
    }

    private static DateTimeOffset ToLocal(TimeZoneInfo timeZone, long utcTicks) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(utcTicks, TimeSpan.Zero), timeZone);

    /// <summary>Monday 00:00 local = 0, the origin of <see cref="WeeklySchedule"/>.</summary>
    private static long TickOfWeek(DateTimeOffset local) =>
        PeriodText.IndexOf(local.DayOfWeek) * TimeSpan.TicksPerDay + local.TimeOfDay.Ticks;

    /// <summary>
    /// The first instant in (<paramref name="from"/>, <paramref name="to"/>] whose offset differs
    /// from <paramref name="offset"/>, by bisection: TimeZoneInfo has no "next transition" query.
    /// </summary>
    private static long FirstOffsetChange(TimeZoneInfo timeZone, long from, long to, TimeSpan offset)
    {
        var (same, changed) = (from, to);
        while (changed - same > 1)
        {
            var middle = same + (changed - same) / 2;
            if (ToLocal(timeZone, middle).Offset == offset)
            {
                same = middle;
            }
            else
            {
                changed = middle;
            }
        }

        return changed;
    }

    private static void Append(List<TimelinePiece> pieces, TimelinePiece piece)
    {
        if (pieces.Count > 0 && pieces[^1].Bucket == piece.Bucket)
        {
            pieces[^1] = pieces[^1] with { EndTicks = piece.EndTicks };
            return;
        }

        pieces.Add(piece);
    }
}
