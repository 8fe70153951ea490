using System.Text.Json.Serialization;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// A sum of session costs in one currency, before tax (net) and after (gross); reports list one per currency, never
/// adding SEK to EUR. <see cref="Total"/> is the gross under its older name, kept for existing clients.
/// </summary>
public sealed record MoneyTotal(string Currency, decimal Net, decimal Gross)
{
    [JsonPropertyOrder(1)]
    public decimal Total => Gross;

    /// <summary>The priced rows' totals (stored in minor units, docs/sessions-and-pricing.md's 2 decimals), by currency in ordinal order.</summary>
    public static IReadOnlyList<MoneyTotal> Of(IEnumerable<SessionTotals> rows) =>
        rows.Where(r => r.Currency is not null && r.TotalMinor is not null)
            .GroupBy(r => r.Currency!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MoneyTotal(g.Key, g.Sum(r => r.NetMinor ?? 0) / 100m, g.Sum(r => r.TotalMinor!.Value) / 100m))
            .ToList();
}
