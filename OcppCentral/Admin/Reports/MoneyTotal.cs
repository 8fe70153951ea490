using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>A sum of session cost totals in one currency; reports list one per currency, never adding SEK to EUR.</summary>
public sealed record MoneyTotal(string Currency, decimal Total)
{
    /// <summary>The priced rows' totals (stored in minor units, docs/sessions-and-pricing.md's 2 decimals), by currency in ordinal order.</summary>
    public static IReadOnlyList<MoneyTotal> Of(IEnumerable<SessionTotals> rows) =>
        rows.Where(r => r.Currency is not null && r.TotalMinor is not null)
            .GroupBy(r => r.Currency!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MoneyTotal(g.Key, g.Sum(r => r.TotalMinor!.Value) / 100m))
            .ToList();
}
