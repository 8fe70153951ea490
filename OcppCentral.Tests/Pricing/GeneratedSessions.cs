using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Tests.Pricing;

/// <summary>
/// Random but reproducible tariffs and sessions (seeded), for property tests and the timing test:
/// sessions anywhere in 2026 (both daylight-saving nights included), readings unsorted, some outside
/// the session, optionally going backwards.
/// </summary>
internal static class GeneratedSessions
{
    /// <summary>Pairwise disjoint, so any subset is a valid tariff; together they cover day, night and week wrap.</summary>
    private static readonly TariffPeriodDocument[] CandidatePeriods =
    [
        PricingFixtures.Period(["Mon", "Tue", "Wed", "Thu", "Fri"], "16:00", "19:00", 0m),
        PricingFixtures.Period(["Sat", "Sun"], "10:00", "14:00", 0m),
        PricingFixtures.Period(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], "22:00", "06:00", 0m),
        PricingFixtures.Period(["Mon", "Tue", "Wed", "Thu", "Fri"], "07:00", "09:00", 0m),
        PricingFixtures.Period(["Sun"], "19:00", "21:30", 0m),
    ];

    /// <summary>A tariff with every candidate period, the most work for the calculator.</summary>
    public static Tariff Busiest { get; } = Tariff.Create(PricingFixtures.Free with
    {
        EnergyPrice = 2m,
        TimePrice = 0.05m,
        IdleFee = new IdleFeeDocument { PerMinute = 0.5m, GraceMinutes = 10m },
        Periods = CandidatePeriods.Select((period, index) => period with { EnergyPrice = 1m + index }).ToArray(),
        TaxPercent = 25m,
    });

    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every price at least 0.10, so more energy or time always costs something.</summary>
    public static Tariff NextTariff(Random random)
    {
        var minimumPrice = random.Next(3) == 0 ? Money(random, 20m) : 0m;
        return Tariff.Create(PricingFixtures.Free with
        {
            StartFee = random.Next(2) == 0 ? Money(random, 10m) : 0m,
            EnergyPrice = Price(random),
            TimePrice = random.Next(2) == 0 ? Price(random) / 10m : 0m,
            IdleFee = random.Next(2) == 0 ? new IdleFeeDocument { PerMinute = Price(random), GraceMinutes = random.Next(30) } : null,
            Periods = CandidatePeriods.Where(_ => random.Next(2) == 0).Select(period => period with { EnergyPrice = Price(random) }).ToArray(),
            MinimumPrice = minimumPrice,
            MaximumPrice = random.Next(3) == 0 ? minimumPrice + Money(random, 200m) : null,
            TaxPercent = random.Next(4) == 0 ? 12.5m : random.Next(26),
        });
    }

    public static PricingInput NextSession(Random random, bool meterMayGoBackwards)
    {
        var start = YearStart.AddMinutes(random.Next(365 * 24 * 60)).AddSeconds(random.Next(60));
        var durationMinutes = random.Next(2) == 0 ? random.Next(1, 240) : random.Next(1, 3 * 24 * 60);
        var stop = start.AddMinutes(durationMinutes);
        var meterStartWh = random.Next(1_000_000);
        var registerWh = (decimal)meterStartWh;
        var readings = new List<EnergyReading>();
        for (var count = random.Next(25); count > 0; count--)
        {
            var step = meterMayGoBackwards && random.Next(8) == 0 ? -random.Next(5000) : random.Next(3000);
            registerWh += step;
            var at = start.AddSeconds(random.Next(-600, durationMinutes * 60 + 600));
            readings.Add(new EnergyReading(at, registerWh));
        }

        var endRegisterWh = meterMayGoBackwards ? registerWh : Math.Max(registerWh, meterStartWh);
        if (!meterMayGoBackwards)
        {
            // Readings placed in time order, so the register only ever grows through the session.
            readings = readings.OrderBy(reading => reading.Timestamp).Select((reading, index) =>
                reading with { RegisterWh = meterStartWh + index * 1000m }).ToList();
            endRegisterWh = meterStartWh + readings.Count * 1000m + random.Next(2000);
        }

        var idleMinutes = random.Next(durationMinutes + 1);
        return new PricingInput(start, stop, meterStartWh, endRegisterWh, readings, durationMinutes, idleMinutes);
    }

    private static decimal Price(Random random) => 0.10m + Money(random, 5m);

    private static decimal Money(Random random, decimal maximum) => Math.Round((decimal)random.NextDouble() * maximum, 2);
}
