namespace ChargeMonitor.Simulator.Charging;

/// <summary>The unit the energy register is reported in; OCPP's default is Wh, some meters send kWh.</summary>
public enum EnergyUnit
{
    Wh,
    KWh,
}
