namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// Draws <see cref="SessionPlan"/>s from a seeded <see cref="Random"/>, so a run with the same seed meets the
/// same cars and drivers. Drivers arrive between 10 and 85 % and mostly stop at 80 or 90 % (100 % when they arrive above that); one in five
/// unplugs as soon as charging ends, the others leave the car parked for 10–60 % of the charging time.
/// </summary>
public sealed class SessionPlanner(Random random, TimeSpan chargingDuration, TimeSpan? idleDuration = null,
    IReadOnlyList<string>? idTags = null)
{
    public const int DefaultIdTagCount = 20;

    private readonly IReadOnlyList<string> _idTags = idTags is { Count: > 0 } ? idTags : DefaultIdTags();

    public SessionPlan Next(string? idTag = null)
    {
        var vehicle = ElectricVehicle.Catalogue[random.Next(ElectricVehicle.Catalogue.Count)];
        var startSoc = Math.Round(10m + (decimal)random.NextDouble() * 75m, 1);
        var targetSoc = random.Next(10) switch
        {
            < 5 => 80m,
            < 8 => 90m,
            _ => 100m,
        };
        // A driver who arrives above their usual limit is one who wants it full.
        return new SessionPlan(vehicle, idTag ?? _idTags[random.Next(_idTags.Count)], startSoc, startSoc < targetSoc ? targetSoc : 100m,
            chargingDuration, idleDuration ?? DrawIdle());
    }

    private TimeSpan DrawIdle()
    {
        if (random.Next(5) == 0)
            return TimeSpan.Zero;
        var share = 0.1 + random.NextDouble() * 0.5;
        return TimeSpan.FromMilliseconds(Math.Round(chargingDuration.TotalMilliseconds * share));
    }

    private static string[] DefaultIdTags() =>
        Enumerable.Range(1, DefaultIdTagCount).Select(n => $"SIMTAG{n:D4}").ToArray();
}
