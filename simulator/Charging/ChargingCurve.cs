namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// How much of its maximum power a lithium-ion battery accepts at a state of charge: all of it up to about
/// 80 %, then falling linearly towards a trickle as the cells near full, and nothing at 100 %.
/// </summary>
public static class ChargingCurve
{
    public const decimal TaperStartPercent = 80m;
    public const decimal TrickleFactor = 0.05m;

    public static decimal AcceptanceFactor(decimal socPercent)
    {
        if (socPercent >= 100m)
            return 0m;
        if (socPercent <= TaperStartPercent)
            return 1m;
        return Math.Max(TrickleFactor, (100m - socPercent) / (100m - TaperStartPercent));
    }
}
