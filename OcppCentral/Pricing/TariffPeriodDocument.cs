namespace OcppCentral.Pricing;

/// <summary>
/// One entry of <c>periods</c> in a <see cref="TariffDocument"/> (docs/sessions-and-pricing.md): on the listed
/// days, local time [from, to) is priced at <see cref="EnergyPrice"/>. A <c>to</c> earlier than
/// <c>from</c> runs overnight and belongs to the day it starts.
/// </summary>
public sealed record TariffPeriodDocument
{
    /// <summary>"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun".</summary>
    public IReadOnlyList<string?>? Days { get; init; }

    /// <summary>Local start, "HH:mm" (00:00–23:59).</summary>
    public string? From { get; init; }

    /// <summary>Local end, exclusive, "HH:mm"; "00:00" is midnight at the end of the day.</summary>
    public string? To { get; init; }

    public decimal? EnergyPrice { get; init; }
}
