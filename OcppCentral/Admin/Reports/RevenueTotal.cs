namespace OcppCentral.Admin.Reports;

/// <summary>Money summed in one currency, before tax (net) and after (gross); currencies are never added together.</summary>
public sealed record RevenueTotal(string Currency, decimal Net, decimal Gross)
{
    /// <summary>The priced rows (net and gross stored in minor units), by currency in ordinal order.</summary>
    public static IReadOnlyList<RevenueTotal> Of(IEnumerable<Storage.MoneyTotalsRow> rows) =>
        rows.Where(r => r.Currency is not null && r.TotalMinor is not null)
            .GroupBy(r => r.Currency!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RevenueTotal(g.Key, g.Sum(r => r.NetMinor ?? 0) / 100m, g.Sum(r => r.TotalMinor!.Value) / 100m))
            .ToList();
}
