namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// The physics of one session, advanced in real time: the car draws the power both sides allow, reduced by
/// <see cref="ChargingCurve"/>, until it reaches its target state of charge or <see cref="Drawing"/> is
/// switched off (charging part over, car left parked). Energy is metered on the grid side; the battery
/// gets it less conversion losses. Not thread-safe: one owner advances it.
/// </summary>
public sealed class ChargingSession
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private readonly decimal _maxPowerW;
    private readonly decimal _batteryWh;
    private readonly decimal _efficiency;
    private long _closedSegmentsWh;
    private long _segmentStartWh;

    public ChargingSession(ChargerKind charger, ElectricVehicle vehicle, decimal startSocPercent, decimal targetSocPercent,
        decimal registerWh, DateTimeOffset start)
    {
        if (startSocPercent is < 0 or > 100 || targetSocPercent is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(startSocPercent), "States of charge are between 0 and 100 %.");
        if (registerWh < 0)
            throw new ArgumentOutOfRangeException(nameof(registerWh), registerWh, "A register is not negative.");
        Charger = charger;
        Vehicle = vehicle;
        SocPercent = startSocPercent;
        TargetSocPercent = targetSocPercent;
        RegisterWh = registerWh;
        Timestamp = start;
        MeterStartWh = (long)decimal.Floor(registerWh);
        _segmentStartWh = MeterStartWh;
        _maxPowerW = vehicle.MaxPowerKwOn(charger) * 1000m;
        _batteryWh = vehicle.BatteryKwh * 1000m;
        _efficiency = ElectricVehicle.Efficiency(charger);
    }

    public ChargerKind Charger { get; }
    public ElectricVehicle Vehicle { get; }
    public decimal TargetSocPercent { get; }
    public long MeterStartWh { get; }
    public DateTimeOffset Timestamp { get; private set; }
    public decimal RegisterWh { get; private set; }
    public decimal SocPercent { get; private set; }
    public decimal MaxPowerW { get; private set; }

    /// <summary>True while the car charges; false once the charging part is over and the car just stands there.</summary>
    public bool Drawing { get; set; } = true;

    /// <summary>The power drawn right now.</summary>
    public decimal PowerW => Drawing && SocPercent < TargetSocPercent ? _maxPowerW * ChargingCurve.AcceptanceFactor(SocPercent) : 0m;

    /// <summary>Whole Wh the meter counted in this session, across register resets (what a correct bill charges).</summary>
    public long DeliveredWh => _closedSegmentsWh + (long)decimal.Floor(RegisterWh) - _segmentStartWh;

    /// <summary>Moves the session on to <paramref name="now"/> and reads the meter there. A clock that went back moves nothing.</summary>
    public MeterReading Advance(DateTimeOffset now)
    {
        while (Timestamp < now)
        {
            var step = now - Timestamp < Step ? now - Timestamp : Step;
            Integrate((decimal)step.TotalSeconds);
            Timestamp += step;
        }
        return Read();
    }

    public MeterReading Read()
    {
        var power = PowerW;
        MaxPowerW = Math.Max(MaxPowerW, power);
        return new MeterReading(Timestamp, RegisterWh, power, SocPercent, Currents(power));
    }

    /// <summary>The register falls back to zero (a meter reset or swap); energy counted so far stays counted.</summary>
    public void ResetRegister()
    {
        _closedSegmentsWh = DeliveredWh;
        RegisterWh = 0m;
        _segmentStartWh = 0;
    }

    private void Integrate(decimal seconds)
    {
        var power = PowerW;
        MaxPowerW = Math.Max(MaxPowerW, power);
        if (power == 0m)
            return;
        var energyWh = power * seconds / 3600m;
        var roomWh = (TargetSocPercent - SocPercent) / 100m * _batteryWh / _efficiency;
        energyWh = Math.Min(energyWh, roomWh);
        RegisterWh += energyWh;
        SocPercent = Math.Min(100m, SocPercent + energyWh * _efficiency / _batteryWh * 100m);
    }

    private IReadOnlyList<PhaseCurrent> Currents(decimal powerW)
    {
        if (Charger.Current == CurrentType.DC)
            return [new PhaseCurrent(null, powerW / ChargerKind.DcVoltageV)];
        var used = Vehicle.PhasesOn(Charger);
        var perPhase = powerW / (used * ChargerKind.PhaseVoltageV);
        return Enumerable.Range(1, Charger.Phases)
            .Select(phase => new PhaseCurrent($"L{phase}", phase <= used ? perPhase : 0m))
            .ToList();
    }
}
