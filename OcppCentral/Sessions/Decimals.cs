namespace OcppCentral.Sessions;

/// <summary>The session domain's rounding rules, in one place.</summary>
internal static class Decimals
{
    /// <summary>
    /// Drops trailing zeros (12345.000 → 12345) so stored and displayed figures read as the charger
    /// meant them; a decimal division keeps the smallest scale that is exact.
    /// </summary>
    public static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>Minutes to 2 decimals, midpoint away from zero (docs/sessions-and-pricing.md, as money in docs/sessions-and-pricing.md).</summary>
    public static decimal Minutes(decimal minutes) => Trim(Math.Round(minutes, 2, MidpointRounding.AwayFromZero));

    /// <summary>kW to 3 decimals (whole watts), midpoint away from zero.</summary>
    public static decimal Kilowatts(decimal kilowatts) => Trim(Math.Round(kilowatts, 3, MidpointRounding.AwayFromZero));
}
