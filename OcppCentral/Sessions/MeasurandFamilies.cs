namespace OcppCentral.Sessions;

/// <summary>Classifies OCPP 1.6 measurands (§7.31) and gives each family its default unit.</summary>
internal static class MeasurandFamilies
{
    // Measurand names are compared ordinally: schema validation upstream guarantees the enum spelling.
    public static MeasurandFamily Of(string measurand) => measurand switch
    {
        _ when measurand.StartsWith("Energy.Reactive.", StringComparison.Ordinal) => MeasurandFamily.ReactiveEnergy,
        _ when measurand.StartsWith("Energy.", StringComparison.Ordinal) => MeasurandFamily.ActiveEnergy,
        _ when measurand.StartsWith("Power.Reactive.", StringComparison.Ordinal) => MeasurandFamily.ReactivePower,
        "Power.Factor" => MeasurandFamily.Dimensionless,
        _ when measurand.StartsWith("Power.", StringComparison.Ordinal) => MeasurandFamily.ActivePower,
        _ when measurand.StartsWith("Current.", StringComparison.Ordinal) => MeasurandFamily.Current,
        "Voltage" => MeasurandFamily.Voltage,
        Measurands.StateOfCharge => MeasurandFamily.StateOfCharge,
        "Temperature" => MeasurandFamily.Temperature,
        "Frequency" or "RPM" => MeasurandFamily.Dimensionless,
        _ => MeasurandFamily.Unknown,
    };

    /// <summary>
    /// The unit assumed when the charger sends none. OCPP 1.6 §7.43 defaults to Wh, which only makes
    /// sense for energy; vendors omit the unit on other measurands too, so each family gets its
    /// natural unit instead of a Wh that would be wrong. An unknown measurand keeps OCPP's Wh.
    /// </summary>
    public static string DefaultUnit(MeasurandFamily family) => family switch
    {
        MeasurandFamily.ActiveEnergy => "Wh",
        MeasurandFamily.ReactiveEnergy => "varh",
        MeasurandFamily.ActivePower => "W",
        MeasurandFamily.ReactivePower => "var",
        MeasurandFamily.Current => "A",
        MeasurandFamily.Voltage => "V",
        MeasurandFamily.StateOfCharge => "Percent",
        MeasurandFamily.Temperature => "Celsius",
        MeasurandFamily.Dimensionless => "",
        _ => "Wh",
    };
}
