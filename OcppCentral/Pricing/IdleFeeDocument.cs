namespace OcppCentral.Pricing;

/// <summary>The <c>idleFee</c> object of a <see cref="TariffDocument"/> (docs/sessions-and-pricing.md).</summary>
public sealed record IdleFeeDocument
{
    /// <summary>Per idle minute past the grace period; required when <c>idleFee</c> is present.</summary>
    public decimal? PerMinute { get; init; }

    /// <summary>Idle minutes that are free; missing means 0.</summary>
    public decimal? GraceMinutes { get; init; }
}
