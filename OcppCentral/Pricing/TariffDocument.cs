namespace OcppCentral.Pricing;

/// <summary>
/// A tariff in the JSON shape docs/sessions-and-pricing.md shows (camelCase with <c>JsonSerializerDefaults.Web</c>):
/// what the admin API binds from a request body and what storage keeps. Every property is nullable
/// so that <see cref="Tariff.Validate"/> can name a missing field instead of a binder failing with a
/// generic message; only a <see cref="Tariff"/> is known to be valid.
/// </summary>
public sealed record TariffDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary>ISO 4217 code, three upper-case letters, e.g. <c>SEK</c>.</summary>
    public string? Currency { get; init; }

    /// <summary>IANA zone id, e.g. <c>Europe/Stockholm</c>; periods are read in its local time.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Per session; missing means 0.</summary>
    public decimal? StartFee { get; init; }

    /// <summary>Per kWh outside every period; required.</summary>
    public decimal? EnergyPrice { get; init; }

    /// <summary>Per minute of session duration; missing means 0.</summary>
    public decimal? TimePrice { get; init; }

    /// <summary>Missing means no idle fee.</summary>
    public IdleFeeDocument? IdleFee { get; init; }

    /// <summary>Missing means no periods: every kWh at <see cref="EnergyPrice"/>.</summary>
    public IReadOnlyList<TariffPeriodDocument?>? Periods { get; init; }

    /// <summary>Lower bound of the net price; missing means 0.</summary>
    public decimal? MinimumPrice { get; init; }

    /// <summary>Upper bound of the net price; missing or null means no cap.</summary>
    public decimal? MaximumPrice { get; init; }

    /// <summary>0–100; required, because a forgotten tax rate is a mistake more often than a choice.</summary>
    public decimal? TaxPercent { get; init; }
}
