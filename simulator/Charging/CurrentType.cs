namespace ChargeMonitor.Simulator.Charging;

public enum CurrentType
{
    AC,
    DC,
}
