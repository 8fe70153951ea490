namespace OcppCentral.Pricing;

/// <summary>Local week ticks [<paramref name="StartTick"/>, <paramref name="EndTick"/>) during which period <paramref name="PeriodIndex"/> holds.</summary>
internal readonly record struct WeeklyInterval(int PeriodIndex, long StartTick, long EndTick)
{
    public bool Overlaps(WeeklyInterval other) => StartTick < other.EndTick && other.StartTick < EndTick;
}
