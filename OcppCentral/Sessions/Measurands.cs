namespace OcppCentral.Sessions;

/// <summary>
/// The OCPP 1.6 measurand names the session domain computes with (OCPP 1.6 §7.31 Measurand).
/// Other measurands are stored as sent and never computed with.
/// </summary>
public static class Measurands
{
    /// <summary>The measurand a sampledValue has when it names none (OCPP 1.6 §7.43).</summary>
    public const string EnergyActiveImportRegister = "Energy.Active.Import.Register";

    public const string PowerActiveImport = "Power.Active.Import";

    public const string StateOfCharge = "SoC";
}
