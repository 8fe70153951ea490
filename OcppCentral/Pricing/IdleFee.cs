namespace OcppCentral.Pricing;

/// <summary>
/// A validated idle fee (docs/sessions-and-pricing.md): idle = max(0, idleMinutes − graceMinutes) × perMinute.
/// Only <see cref="Tariff.Validate"/> creates one, so both figures are known to be non-negative.
/// </summary>
public sealed record IdleFee
{
    internal IdleFee(decimal perMinute, decimal graceMinutes)
    {
        PerMinute = perMinute;
        GraceMinutes = graceMinutes;
    }

    public decimal PerMinute { get; }

    public decimal GraceMinutes { get; }

    /// <summary>The idle minutes that are charged: those past the grace period, never below 0.</summary>
    public decimal BillableMinutes(decimal idleMinutes) => Math.Max(0m, idleMinutes - GraceMinutes);
}
