namespace ChargeMonitor.Simulator.Chargers;

/// <summary>Many chargers alike: <see cref="Template"/> with ids <c>{IdPrefix}0001</c>… and a seed each.</summary>
public sealed record FleetOptions
{
    /// <summary>Every charger's options; its ChargePointId and Seed are replaced per charger.</summary>
    public required ChargerOptions Template { get; init; }

    /// <summary>Default 1.</summary>
    public int Chargers { get; init; } = 1;

    /// <summary>Default <c>SIM-</c>, giving SIM-0001, SIM-0002 …</summary>
    public string IdPrefix { get; init; } = "SIM-";

    /// <summary>Chargers start spread over up to this long, so a large fleet does not connect in one burst. Default 10 s.</summary>
    public TimeSpan MaxStartSpread { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The id of the charger numbered <paramref name="number"/> (from 1); at least four digits, more for fleets of 10,000 and up.</summary>
    public string IdFor(int number) =>
        IdPrefix + number.ToString("D" + Math.Max(4, Chargers.ToString(System.Globalization.CultureInfo.InvariantCulture).Length),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Distinct, reproducible seeds: charger n of a run with seed s always gets the same one.</summary>
    public int SeedFor(int number) => unchecked(Template.Seed * 1_000_003 + number);
}
