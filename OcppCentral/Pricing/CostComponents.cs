namespace OcppCentral.Pricing;

/// <summary>The <c>component</c> values of a <see cref="CostLine"/>.</summary>
public static class CostComponents
{
    public const string Start = "start";

    public const string Energy = "energy";

    public const string Time = "time";

    public const string Idle = "idle";

    /// <summary>
    /// Not among the four components of docs/sessions-and-pricing.md: the difference between the sum of the other lines
    /// and the net clamped to [minimumPrice, maximumPrice], so a clamped bill still adds up line by line.
    /// </summary>
    public const string Adjustment = "adjustment";
}
