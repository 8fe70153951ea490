namespace OcppCentral.Pricing;

/// <summary>SPEC section 5: every amount to 2 decimals, midpoint away from zero (11.625 → 11.63).</summary>
internal static class Money
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
