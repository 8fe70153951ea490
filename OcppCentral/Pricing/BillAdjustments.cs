namespace OcppCentral.Pricing;

/// <summary>
/// What corrections take off a computed bill (docs/corrections.md), applied after <see cref="PriceCalculator"/> every time a
/// session is priced again, so a credit or a void survives a later re-measure or re-price. Pure; the bill keeps adding up:
/// <c>Net == sum of lines</c> and <c>Total == Net + Tax</c>.
/// </summary>
public static class BillAdjustments
{
    /// <summary>The line of a credit: an amount off the total (goodwill, a refund).</summary>
    public const string Credit = "credit";

    /// <summary>The line of a void: the session is charged nothing.</summary>
    public const string Void = "void";

    /// <param name="credit">The credits given, as an amount off the total (tax included); capped at the total.</param>
    /// <param name="voided">Nothing charged: a line takes the net to 0, and tax with it.</param>
    public static Cost? Apply(Cost? cost, decimal? credit, bool voided)
    {
        if (cost is null)
            return null;
        if (credit is > 0m and var given)
            cost = WithCredit(cost, Math.Min(given, cost.Total));
        if (voided && (cost.Net != 0m || cost.Tax != 0m))
        {
            var line = new CostLine(Void, 1m, CostUnits.Session, -cost.Net, -cost.Net, null);
            cost = cost with { Lines = [.. cost.Lines, line], Net = 0.00m, Tax = 0.00m, Total = 0.00m };
        }
        return cost;
    }

    /// <summary>
    /// The credit comes off the total; its net part is in the proportion of net to total (so off the tax in the same share),
    /// rounded to the cent, and the tax takes the rest: the total falls by exactly the credit.
    /// </summary>
    private static Cost WithCredit(Cost cost, decimal credit)
    {
        if (credit <= 0m || cost.Total <= 0m)
            return cost;
        var net = Money.Round(credit * cost.Net / cost.Total);
        var tax = Money.Round(credit - net);
        var line = new CostLine(Credit, 1m, CostUnits.Session, -net, -net, null);
        return cost with { Lines = [.. cost.Lines, line], Net = cost.Net - net, Tax = cost.Tax - tax, Total = Money.Round(cost.Total - credit) };
    }
}
