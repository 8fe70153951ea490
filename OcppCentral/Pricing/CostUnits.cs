namespace OcppCentral.Pricing;

/// <summary>The <c>unit</c> values of a <see cref="CostLine"/>.</summary>
public static class CostUnits
{
    /// <summary>Start fee and adjustment: once per session.</summary>
    public const string Session = "session";

    public const string KilowattHour = "kWh";

    /// <summary>Time and idle.</summary>
    public const string Minute = "min";
}
