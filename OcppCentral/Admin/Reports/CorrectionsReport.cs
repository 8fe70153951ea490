using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// GET /api/reports/corrections (docs/corrections.md): what the versions made in [from, to) changed, per kind and currency
/// (<see cref="Lines"/>), and per currency over all kinds (<see cref="Totals"/>): the basis of credit notes. Amounts are the
/// sum of (new − previous) of each version's net and total; never added across currencies.
/// </summary>
public sealed record CorrectionsReport(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<CorrectionTotal> Lines,
    IReadOnlyList<MoneyChange> Totals)
{
    public static CorrectionsReport Build(TimeRange range, IReadOnlyList<CorrectionTotal> lines) =>
        new(range.From, range.To, lines,
            lines.GroupBy(l => l.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new MoneyChange(g.Key, g.Sum(l => l.Corrections), g.Sum(l => l.Net), g.Sum(l => l.Total))).ToList());
}

/// <summary>What corrections changed in one currency.</summary>
public sealed record MoneyChange(string Currency, int Corrections, decimal Net, decimal Total);
