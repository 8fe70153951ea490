namespace OcppCentral.Sessions;

/// <summary>
/// Which reading a session's billed energy came from, so a bill can be explained (docs/sessions-and-pricing.md energySource).
/// </summary>
public static class EnergySources
{
    /// <summary>meterStop − meterStart, the normal case.</summary>
    public const string MeterStop = "meterStop";

    /// <summary>The last energy register reading − meterStart, because meterStop was missing or unusable.</summary>
    public const string LastRegister = "lastRegister";

    /// <summary>No usable reading: the session is billed 0 Wh.</summary>
    public const string None = "none";

    internal static bool IsKnown(string source) => source is MeterStop or LastRegister or None;
}
