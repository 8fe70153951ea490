namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// One driver's visit, decided before it starts: which car, how full it arrives and how full the driver
/// wants it, how long it charges (real time) and how long it then stays parked at the charger.
/// </summary>
public sealed record SessionPlan
{
    public SessionPlan(ElectricVehicle vehicle, string idTag, decimal startSocPercent, decimal targetSocPercent,
        TimeSpan chargingDuration, TimeSpan idleDuration)
    {
        if (string.IsNullOrEmpty(idTag) || idTag.Length > 20)
            throw new ArgumentException("An idTag has 1 to 20 characters (OCPP 1.6 CiString20).", nameof(idTag));
        if (startSocPercent is < 0 or > 100 || targetSocPercent is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(startSocPercent), "States of charge are between 0 and 100 %.");
        if (chargingDuration < TimeSpan.Zero || idleDuration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(chargingDuration), "Durations are not negative.");
        Vehicle = vehicle;
        IdTag = idTag;
        StartSocPercent = startSocPercent;
        TargetSocPercent = targetSocPercent;
        ChargingDuration = chargingDuration;
        IdleDuration = idleDuration;
    }

    public ElectricVehicle Vehicle { get; }
    public string IdTag { get; }
    public decimal StartSocPercent { get; }
    public decimal TargetSocPercent { get; }
    public TimeSpan ChargingDuration { get; }
    public TimeSpan IdleDuration { get; }
}
