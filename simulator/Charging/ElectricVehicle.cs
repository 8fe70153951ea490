namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// A car as the charger sees it: battery size, the on-board AC charger (power and phases it uses) and the
/// most DC power it accepts. Figures are typical of their class, not of a brand.
/// </summary>
public sealed record ElectricVehicle
{
    public ElectricVehicle(string model, decimal batteryKwh, decimal maxAcKw, int acPhases, decimal maxDcKw)
    {
        if (batteryKwh <= 0)
            throw new ArgumentOutOfRangeException(nameof(batteryKwh), batteryKwh, "A battery holds more than 0 kWh.");
        if (maxAcKw <= 0 || maxDcKw <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxAcKw), "An EV accepts more than 0 kW.");
        if (acPhases is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(acPhases), acPhases, "An on-board charger uses 1 to 3 phases.");
        Model = model;
        BatteryKwh = batteryKwh;
        MaxAcKw = maxAcKw;
        AcPhases = acPhases;
        MaxDcKw = maxDcKw;
    }

    public static IReadOnlyList<ElectricVehicle> Catalogue { get; } =
    [
        new("City car", 37m, 11m, 3, 50m),
        new("Older compact", 40m, 7.4m, 1, 50m),
        new("Compact hatchback", 58m, 11m, 3, 120m),
        new("Family SUV", 77m, 11m, 3, 135m),
        new("Large SUV", 95m, 22m, 3, 150m),
    ];

    public string Model { get; }
    public decimal BatteryKwh { get; }
    public decimal MaxAcKw { get; }
    public int AcPhases { get; }
    public decimal MaxDcKw { get; }

    /// <summary>Phases that carry current on this charger: a one-phase car on a three-phase charger uses L1 only.</summary>
    public int PhasesOn(ChargerKind charger) => charger.Current == CurrentType.AC ? Math.Min(charger.Phases, AcPhases) : 0;

    /// <summary>The power this car draws on this charger below the taper: the lower of what each side allows.</summary>
    public decimal MaxPowerKwOn(ChargerKind charger)
    {
        if (charger.Current == CurrentType.DC)
            return Math.Min(charger.MaxPowerKw, MaxDcKw);
        var perPhaseKw = charger.MaxPowerKw / charger.Phases;
        return Math.Min(perPhaseKw * PhasesOn(charger), MaxAcKw);
    }

    /// <summary>Share of the metered (grid-side) energy that reaches the battery; the rest is conversion loss.</summary>
    public static decimal Efficiency(ChargerKind charger) => charger.Current == CurrentType.DC ? 0.95m : 0.92m;
}
