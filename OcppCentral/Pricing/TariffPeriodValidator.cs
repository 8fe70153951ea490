namespace OcppCentral.Pricing;

/// <summary>
/// Validates <c>periods</c> one by one, then checks that no two of them hold at the same local
/// moment, overnight periods included (docs/sessions-and-pricing.md): with overlaps the price would be ambiguous.
/// </summary>
internal static class TariffPeriodValidator
{
    private const int DaysInWeek = 7;

    public static IReadOnlyList<TariffPeriod> Validate(IReadOnlyList<TariffPeriodDocument?>? documents, List<TariffError> errors, bool stored)
    {
        if (documents is null)
        {
            return [];
        }

        // Bounded before anything else is looked at, so a document of thousands of periods costs one error, not their checks.
        if (!stored && documents.Count > Tariff.MaxPeriods)
        {
            errors.Add(new("periods", $"has {documents.Count} periods; a tariff has at most {Tariff.MaxPeriods}"));
            return [];
        }

        var periods = new List<(int Index, TariffPeriod Period)>();
        for (var index = 0; index < documents.Count; index++)
        {
            if (Parse(documents[index], $"periods[{index}]", errors) is { } period)
            {
                periods.Add((index, period));
            }
        }

        ReportOverlaps(periods, errors);
        return periods.Select(entry => entry.Period).ToArray();
    }

    private static TariffPeriod? Parse(TariffPeriodDocument? document, string field, List<TariffError> errors)
    {
        if (document is null)
        {
            errors.Add(new(field, "is missing"));
            return null;
        }

        var errorCount = errors.Count;
        var dayMask = DayMask(document.Days, $"{field}.days", errors);
        var from = Clock(document.From, $"{field}.from", errors);
        var to = Clock(document.To, $"{field}.to", errors);
        if (from is not null && from == to)
        {
            errors.Add(new($"{field}.to", "must differ from 'from'; for a whole day use two periods, e.g. 00:00-12:00 and 12:00-00:00"));
        }

        var energyPrice = TariffValidator.Required(document.EnergyPrice, $"{field}.energyPrice", errors);
        TariffValidator.Amount(energyPrice, $"{field}.energyPrice", errors);
        return errors.Count == errorCount ? new TariffPeriod(dayMask, from!.Value, to!.Value, energyPrice) : null;
    }

    private static int DayMask(IReadOnlyList<string?>? days, string field, List<TariffError> errors)
    {
        if (days is null || days.Count == 0)
        {
            errors.Add(new(field, "must list at least one day"));
            return 0;
        }

        if (days.Count > DaysInWeek)
        {
            errors.Add(new(field, $"lists {days.Count} days; a week has {DaysInWeek}, each listed at most once"));
            return 0;
        }

        var mask = 0;
        for (var index = 0; index < days.Count; index++)
        {
            if (!PeriodText.TryParseDay(days[index], out var day))
            {
                errors.Add(new($"{field}[{index}]", $"unknown day '{days[index]}'; use Mon, Tue, Wed, Thu, Fri, Sat or Sun"));
                continue;
            }

            var bit = 1 << PeriodText.IndexOf(day);
            if ((mask & bit) != 0)
            {
                errors.Add(new($"{field}[{index}]", $"'{days[index]}' is listed twice"));
            }

            mask |= bit;
        }

        return mask;
    }

    private static TimeOnly? Clock(string? text, string field, List<TariffError> errors)
    {
        if (PeriodText.TryParseClock(text, out var time))
        {
            return time;
        }

        errors.Add(new(field, text is null ? "is required, \"HH:mm\"" : $"'{text}' is not a time \"HH:mm\" between 00:00 and 23:59"));
        return null;
    }

    /// <summary>
    /// Every overlap, in O(n log n) over the n weekly intervals (at most 14 per period): sorted by start, each interval is
    /// compared with the one reaching furthest among those before it, which overlaps it whenever any of them does. Each
    /// pair of periods is reported once, on the later one, at the first local moment of the week where they meet.
    /// </summary>
    private static void ReportOverlaps(List<(int Index, TariffPeriod Period)> periods, List<TariffError> errors)
    {
        var intervals = periods.SelectMany(entry => WeeklySchedule.IntervalsOf(entry.Period, entry.Index))
            .OrderBy(interval => interval.StartTick).ThenBy(interval => interval.PeriodIndex).ToArray();
        var reported = new HashSet<(int, int)>();
        WeeklyInterval? furthest = null;
        foreach (var current in intervals)
        {
            if (furthest is { } reach && reach.PeriodIndex != current.PeriodIndex && reach.EndTick > current.StartTick)
            {
                var (earlier, later) = reach.PeriodIndex < current.PeriodIndex ? (reach.PeriodIndex, current.PeriodIndex) : (current.PeriodIndex, reach.PeriodIndex);
                if (reported.Add((earlier, later)))
                {
                    var from = current.StartTick;
                    var day = PeriodText.NameOf(PeriodText.DayAt((int)(from / TimeSpan.TicksPerDay)));
                    var clock = PeriodText.FormatClock(new TimeOnly(from % TimeSpan.TicksPerDay));
                    errors.Add(new($"periods[{later}]", $"overlaps periods[{earlier}] from {day} {clock}"));
                }
            }

            if (furthest is null || current.EndTick > furthest.Value.EndTick)
            {
                furthest = current;
            }
        }
    }
}
