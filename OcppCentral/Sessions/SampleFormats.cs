namespace OcppCentral.Sessions;

/// <summary>OCPP 1.6 ValueFormat values (§7.49).</summary>
public static class SampleFormats
{
    /// <summary>The format a sampledValue has when it names none (OCPP 1.6 §7.43): a number as text.</summary>
    public const string Raw = "Raw";

    /// <summary>An opaque signed blob: stored as sent, never parsed as a number (docs/sessions-and-pricing.md).</summary>
    public const string SignedData = "SignedData";
}
