using System.Globalization;

namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// What a charge point can deliver: AC at 230 V per phase (11 kW = 3 × 16 A, 22 kW = 3 × 32 A), or DC.
/// </summary>
public sealed record ChargerKind
{
    public const decimal PhaseVoltageV = 230m;
    public const decimal DcVoltageV = 400m;

    public ChargerKind(string name, CurrentType current, decimal maxPowerKw, int phases)
    {
        if (maxPowerKw is <= 0 or > 350)
            throw new ArgumentOutOfRangeException(nameof(maxPowerKw), maxPowerKw, "A charger delivers more than 0 and at most 350 kW.");
        if (current == CurrentType.AC ? phases is < 1 or > 3 : phases != 0)
            throw new ArgumentOutOfRangeException(nameof(phases), phases, "AC uses 1 to 3 phases; DC has none.");
        Name = name;
        Current = current;
        MaxPowerKw = maxPowerKw;
        Phases = phases;
    }

    public static readonly ChargerKind Ac11 = new("ac11", CurrentType.AC, 11m, 3);
    public static readonly ChargerKind Ac22 = new("ac22", CurrentType.AC, 22m, 3);
    public static readonly ChargerKind Dc50 = new("dc50", CurrentType.DC, 50m, 0);
    public static readonly ChargerKind Dc100 = new("dc100", CurrentType.DC, 100m, 0);
    public static readonly ChargerKind Dc150 = new("dc150", CurrentType.DC, 150m, 0);

    public static IReadOnlyList<ChargerKind> All { get; } = [Ac11, Ac22, Dc50, Dc100, Dc150];

    public string Name { get; }
    public CurrentType Current { get; }
    public decimal MaxPowerKw { get; }
    public int Phases { get; }

    /// <summary>Most public sites are AC; a fleet drawn with this mix is about 70 % AC, 30 % DC.</summary>
    internal static ChargerKind Draw(Random random) => random.Next(100) switch
    {
        < 40 => Ac11,
        < 70 => Ac22,
        < 85 => Dc50,
        < 93 => Dc100,
        _ => Dc150,
    };

    public static ChargerKind? Find(string name) =>
        All.FirstOrDefault(kind => string.Equals(kind.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Current} {MaxPowerKw} kW");
}
