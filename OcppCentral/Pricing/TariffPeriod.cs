namespace OcppCentral.Pricing;

/// <summary>
/// A validated tariff period (docs/sessions-and-pricing.md): on <see cref="Days"/>, local time
/// [<see cref="From"/>, <see cref="To"/>) is priced at <see cref="EnergyPrice"/>. When
/// <see cref="To"/> is earlier than <see cref="From"/> the period runs overnight, until
/// <see cref="To"/> on the next day, and belongs to the day it starts. Only
/// <see cref="Tariff.Validate"/> creates one.
/// </summary>
public sealed record TariffPeriod
{
    /// <summary>Bit 0 = Monday … bit 6 = Sunday; a field rather than a list so that record equality compares days.</summary>
    private readonly int dayMask;

    internal TariffPeriod(int dayMask, TimeOnly from, TimeOnly to, decimal energyPrice)
    {
        this.dayMask = dayMask;
        From = from;
        To = to;
        EnergyPrice = energyPrice;
    }

    /// <summary>The days the period starts on, Monday first.</summary>
    public IReadOnlyList<DayOfWeek> Days =>
        Enumerable.Range(0, 7).Where(index => (dayMask & (1 << index)) != 0).Select(PeriodText.DayAt).ToArray();

    public TimeOnly From { get; }

    public TimeOnly To { get; }

    public decimal EnergyPrice { get; }

    public bool IsOvernight => To < From;

    /// <summary>How long one occurrence lasts on the local clock (a daylight-saving night may make it an hour more or less in real time).</summary>
    /// <remarks>TimeOnly subtraction runs round a circular clock, so an overnight period needs no special case.</remarks>
    public TimeSpan Length => To - From;

    /// <summary>Identifies the period on a bill's energy line, e.g. "Mon-Fri 16:00-19:00".</summary>
    public string Label => PeriodText.Label(dayMask, From, To);

    public bool StartsOn(DayOfWeek day) => (dayMask & (1 << PeriodText.IndexOf(day))) != 0;

    /// <summary>The same days and times at another price (<see cref="TariffAdjustment"/>).</summary>
    internal TariffPeriod WithEnergyPrice(decimal energyPrice) => new(dayMask, From, To, energyPrice);

    internal TariffPeriodDocument ToDocument() => new()
    {
        Days = Days.Select(PeriodText.NameOf).ToArray(),
        From = PeriodText.FormatClock(From),
        To = PeriodText.FormatClock(To),
        EnergyPrice = EnergyPrice,
    };
}
