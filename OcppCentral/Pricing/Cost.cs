namespace OcppCentral.Pricing;

/// <summary>
/// A priced session (docs/sessions-and-pricing.md). Always <c>Net == Lines.Sum(Amount)</c> and
/// <c>Total == Net + Tax</c>: when the net is clamped to the tariff's minimum or maximum price, an
/// <see cref="CostComponents.Adjustment"/> line carries the difference instead of the net silently
/// disagreeing with its lines.
/// </summary>
public sealed record Cost(
    string TariffId,
    string Currency,
    IReadOnlyList<CostLine> Lines,
    decimal Net,
    decimal Tax,
    decimal Total)
{
    /// <summary>Value equality, lines compared element by element (a record alone would compare the list by reference).</summary>
    public bool Equals(Cost? other) =>
        other is not null && TariffId == other.TariffId && Currency == other.Currency && Net == other.Net
        && Tax == other.Tax && Total == other.Total && Lines.SequenceEqual(other.Lines);

    public override int GetHashCode() => HashCode.Combine(TariffId, Currency, Net, Tax, Total, Lines.Count);
}
