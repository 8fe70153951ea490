using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// What a report line is sorted by (docs/admin-api.md, "Sorting reports"): the line's own figures, as the report's
/// GROUP BY queries computed them once, never computed again for the order.
/// </summary>
/// <param name="GrossMinor">The gross of every currency summed in minor units.</param>
/// <param name="BusyMs">The busy time in the utilization period (0 for a driver, or without a period).</param>
/// <param name="RatingSum">The sum of the ratings; with <paramref name="RatingCount"/> 0 the line has no rating.</param>
public sealed record SortFigures(string Id, long Sessions, long GrossMinor, decimal EnergyWh, long BusyMs, long RatingSum, long RatingCount,
    long Anomalies)
{
    public static SortFigures Of(string id, IReadOnlyCollection<SessionTotals> totals, FeedbackTotals? feedback, long busyMs) =>
        new(id, totals.Sum(t => t.Sessions), totals.Sum(t => t.TotalMinor ?? 0), totals.Sum(t => t.EnergyWh ?? 0m), busyMs,
            feedback?.RatingSum ?? 0, feedback?.FeedbackCount ?? 0, totals.Sum(t => t.AnomalyCount));
}

/// <summary>
/// Orders report lines by a <see cref="ReportSort"/>: by the figure in the asked direction, lines without a value (nobody
/// rated them) last either way, equal figures in the ordinal order of their id; by the id itself in the asked direction.
/// Average ratings are compared as exact fractions, so 4/2 and 2/1 are equal and tie on the id.
/// </summary>
public static class ReportOrder
{
    public static List<T> Sort<T>(IEnumerable<T> lines, Func<T, SortFigures> figures, ReportSort sort)
    {
        var keyed = lines.Select(line => (Line: line, Figures: figures(line))).ToList();
        var compare = Comparison(sort);
        keyed.Sort((a, b) => compare(a.Figures, b.Figures));
        return keyed.Select(k => k.Line).ToList();
    }

    internal static Comparison<SortFigures> Comparison(ReportSort sort)
    {
        var direction = sort.Descending ? -1 : 1;
        Func<SortFigures, SortFigures, int> byFigure = sort.Key switch
        {
            "chargePointId" or "idTag" => (a, b) => string.CompareOrdinal(a.Id, b.Id),
            "sessions" => (a, b) => a.Sessions.CompareTo(b.Sessions),
            "revenue" => (a, b) => a.GrossMinor.CompareTo(b.GrossMinor),
            "energy" => (a, b) => a.EnergyWh.CompareTo(b.EnergyWh),
            "utilization" => (a, b) => a.BusyMs.CompareTo(b.BusyMs),
            "anomalies" => (a, b) => a.Anomalies.CompareTo(b.Anomalies),
            "rating" => CompareRatings,
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort.Key, "not a sort key of the reports"),
        };
        return (a, b) =>
        {
            var unrated = sort.Key == "rating" ? (a.RatingCount == 0).CompareTo(b.RatingCount == 0) : 0;
            if (unrated != 0)
                return unrated;
            var figure = direction * byFigure(a, b);
            return figure != 0 ? figure : string.CompareOrdinal(a.Id, b.Id);
        };
    }

    /// <summary>Average ratings as exact fractions; two lines nobody rated are equal.</summary>
    private static int CompareRatings(SortFigures a, SortFigures b) =>
        a.RatingCount == 0 || b.RatingCount == 0
            ? 0
            : ((Int128)a.RatingSum * b.RatingCount).CompareTo((Int128)b.RatingSum * a.RatingCount);
}
