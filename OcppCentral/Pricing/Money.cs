namespace OcppCentral.Pricing;

/// <summary>docs/sessions-and-pricing.md: every amount to 2 decimals, midpoint away from zero (11.625 → 11.63).</summary>
internal static class Money
{
    /// <summary>The minor unit: an amount in a tariff or on a bill has at most this many decimals.</summary>
    public const int Decimals = 2;

    /// <summary>Rounded, and always written with 2 decimals (15.00, not 15), so a stored bill reads the same everywhere.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, Decimals, MidpointRounding.AwayFromZero) + 0.00m;

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, Decimals) == amount;
}
