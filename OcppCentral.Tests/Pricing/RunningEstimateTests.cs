using System.Globalization;
using System.Text.Json;
using OcppCentral.Messages;
using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Tests.Pricing;

/// <summary>
/// The running estimate of an Active session is a fold over its samples; folded message by message it must give exactly
/// what the full computation (<see cref="SessionEvaluator.Estimate"/> over every sample) gives, for every moment asked
/// about, figure for figure and line for line (compared as JSON, so even a decimal's scale counts).
/// </summary>
public class RunningEstimateTests
{
    private const int GeneratedCaseCount = 120;

    private static readonly DateTimeOffset Start = new(2026, 11, 24, 14, 40, 0, TimeSpan.Zero);

    private static readonly TariffDocument Busiest = GeneratedSessions.Busiest.ToDocument();

    [TestCaseSource(nameof(Seeds))]
    public void At_AfterEachMessage_EqualsTheFullComputation(int seed)
    {
        var random = new Random(seed);
        var session = GeneratedSession.Next(random);
        var estimate = RunningEstimate.Begin(session.Start, session.MeterStartWh, session.Tariff);
        var stored = new List<MeterSample>();

        foreach (var message in session.Messages)
        {
            estimate = estimate.Add(message);
            stored.AddRange(message);
            foreach (var now in session.MomentsToAsk(random))
                AssertSame(estimate, session, stored, now, $"seed {seed}, after {stored.Count} samples, at {now:O}");
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public void At_AfterMessagesFoldedInBatches_EqualsTheFullComputation(int seed)
    {
        // As RunningEstimates folds: the readings of several messages at once, in the order they were stored.
        var random = new Random(seed);
        var session = GeneratedSession.Next(random);
        var estimate = RunningEstimate.Begin(session.Start, session.MeterStartWh, session.Tariff);
        var stored = new List<MeterSample>();
        var waiting = new List<MeterSample>();

        foreach (var message in session.Messages)
        {
            waiting.AddRange(message);
            stored.AddRange(message);
            if (random.Next(3) != 0)
                continue;
            estimate = estimate.Add(waiting);
            waiting.Clear();
            foreach (var now in session.MomentsToAsk(random))
                AssertSame(estimate, session, stored, now, $"seed {seed}, after {stored.Count} samples, at {now:O}");
        }
        estimate = estimate.Add(waiting);
        foreach (var now in session.MomentsToAsk(random))
            AssertSame(estimate, session, stored, now, $"seed {seed}, all {stored.Count} samples, at {now:O}");
    }

    [Test]
    public void At_WithoutSamples_EqualsTheFullComputation()
    {
        var estimate = RunningEstimate.Begin(Start, 5000m, Busiest);
        var session = new GeneratedSession(Start, 5000m, Busiest, []);

        foreach (var now in new[] { Start.AddMinutes(-5), Start, Start.AddSeconds(1), Start.AddHours(3), Start.AddDays(32) })
            AssertSame(estimate, session, [], now, $"at {now:O}");
    }

    [Test]
    public void At_RegisterGoingBackwardsAcrossAPeriodEdge_EqualsTheFullComputation()
    {
        // Drops placed in one price's time outweigh the rises there: the full computation spreads the energy evenly.
        MeterSample[][] messages =
        [
            [Register(Start.AddMinutes(30), 9000m)],
            [Register(Start.AddMinutes(90), 2000m)],
            [Register(Start.AddMinutes(150), 12000m)],
        ];
        AssertFoldEqualsFull(Start, 1000m, Busiest, messages, Start.AddMinutes(200));
    }

    [Test]
    public void At_ReadingsOutOfOrderAndSplitOverMessages_EqualsTheFullComputation()
    {
        var at = Start.AddMinutes(20);
        MeterSample[][] messages =
        [
            [Register(Start.AddMinutes(40), 6000m)],
            [Register(at, 3000m, phase: "L1")],
            [Register(Start.AddMinutes(10), 2000m)],
            [Register(at, 3100m, phase: "L2"), Register(at, 10m, phase: "N")],
            [Register(at, 9000m, location: SampleLocations.Inlet)],
            [Register(at, 6150m)],
        ];
        AssertFoldEqualsFull(Start, 1000m, Busiest, messages, Start.AddMinutes(60));
    }

    [Test]
    public void At_ReadingsTimestampedAfterNow_EqualsTheFullComputation()
    {
        MeterSample[][] messages =
        [
            [Register(Start.AddMinutes(10), 3000m), Power(Start.AddMinutes(10), 7000m)],
            [Register(Start.AddMinutes(50), 9000m), Power(Start.AddMinutes(50), 11000m), Soc(Start.AddMinutes(50), 80m)],
        ];
        AssertFoldEqualsFull(Start, 1000m, Busiest, messages, Start.AddMinutes(20));
    }

    [Test]
    public void At_ReadingsBeforeTheStartAndAtIt_EqualsTheFullComputation()
    {
        MeterSample[][] messages =
        [
            [Register(Start.AddMinutes(-10), 500m), Soc(Start.AddMinutes(-10), 10m)],
            [Register(Start, 1200m), Soc(Start, 20m)],
            [Register(Start.AddMinutes(15), 4000m)],
        ];
        AssertFoldEqualsFull(Start, 1000m, Busiest, messages, Start.AddMinutes(30));
        AssertFoldEqualsFull(Start, 1000m, Busiest, messages, Start);
    }

    [Test]
    public void At_WithoutATariffOrWithAnInvalidOne_HasNoPriceAndTheSameFigures()
    {
        MeterSample[][] messages = [[Register(Start.AddMinutes(10), 3000m)], [Register(Start.AddMinutes(20), 5000m)]];
        AssertFoldEqualsFull(Start, 1000m, null, messages, Start.AddMinutes(25));
        AssertFoldEqualsFull(Start, 1000m, Busiest with { Currency = "nope" }, messages, Start.AddMinutes(25));
    }

    [Test]
    public void At_FiguresBeyondDecimal_AnswersNullForTheFullComputationToDecide()
    {
        // The normalizer refuses such values today; a database from before it may still hold them.
        var huge = new MeterSample(Start.AddMinutes(1), Measurands.EnergyActiveImportRegister, "7E+27", "Wh", null, SampleContexts.SamplePeriodic,
            SampleLocations.Outlet, SampleFormats.Raw, 7_000_000_000_000_000_000_000_000_000m, "Wh");
        var estimate = RunningEstimate.Begin(Start, 0m, Busiest).Add([huge]).Add([Register(Start.AddMinutes(2), 1m)]);

        Assert.That(estimate.At(Start.AddMinutes(3)), Is.Null);
    }

    private static void AssertFoldEqualsFull(DateTimeOffset start, decimal meterStartWh, TariffDocument? tariff, MeterSample[][] messages,
        DateTimeOffset now)
    {
        var estimate = RunningEstimate.Begin(start, meterStartWh, tariff);
        var stored = new List<MeterSample>();
        var session = new GeneratedSession(start, meterStartWh, tariff, messages);
        foreach (var message in messages)
        {
            estimate = estimate.Add(message);
            stored.AddRange(message);
            AssertSame(estimate, session, stored, now, $"after {stored.Count} samples");
        }
    }

    private static void AssertSame(RunningEstimate estimate, GeneratedSession session, IReadOnlyList<MeterSample> stored, DateTimeOffset now,
        string where)
    {
        // As the database returns them: in time order, ties in the order stored.
        var samples = stored.Select((sample, index) => (sample, index)).OrderBy(s => s.sample.Timestamp).ThenBy(s => s.index)
            .Select(s => s.sample).ToList();
        var facts = new SessionFacts(session.Start, now < session.Start ? session.Start : now, session.MeterStartWh, null, samples);
        var expected = SessionEvaluator.Estimate(facts, session.Tariff);
        var actual = estimate.At(now);
        Assert.That(actual, Is.Not.Null, where);
        Assert.That(JsonSerializer.Serialize(actual), Is.EqualTo(JsonSerializer.Serialize(expected)), where);
    }

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, GeneratedCaseCount);

    private static MeterSample Register(DateTimeOffset at, decimal wh, string? phase = null, string? location = null) =>
        Sample(at, wh, Measurands.EnergyActiveImportRegister, "Wh", phase, location);

    private static MeterSample Power(DateTimeOffset at, decimal w, string? phase = null) => Sample(at, w, Measurands.PowerActiveImport, "W", phase);

    private static MeterSample Soc(DateTimeOffset at, decimal percent) =>
        Sample(at, percent, Measurands.StateOfCharge, "Percent", location: SampleLocations.Ev);

    private static MeterSample Sample(DateTimeOffset at, decimal value, string measurand, string unit, string? phase = null, string? location = null,
        string? context = null) =>
        MeterValueNormalizer.Normalize(at, new SampledValue(value.ToString(CultureInfo.InvariantCulture), context, null, measurand, phase, location, unit));

    /// <summary>
    /// A random Active session as a charger could report it: messages of one to six samples, mostly in time order but some
    /// late or ahead of the clock, timestamps shared between messages, registers as totals or per phase at one or two
    /// locations (some in kWh), idle stretches, registers that go backwards, power, SoC and values that are not numbers.
    /// </summary>
    private sealed record GeneratedSession(DateTimeOffset Start, decimal MeterStartWh, TariffDocument? Tariff, IReadOnlyList<MeterSample[]> Messages)
    {
        private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly string[] Phases = ["L1", "L2", "L3", "L1-N", "N", "L1-L2"];
        private static readonly string[] Locations = [SampleLocations.Outlet, SampleLocations.Inlet, SampleLocations.Cable, SampleLocations.Ev];

        private TimeSpan Span { get; init; }

        public static GeneratedSession Next(Random random)
        {
            // Anywhere in 2026, both daylight-saving nights included; some start on a fraction of a second.
            var start = YearStart.AddMinutes(random.Next(365 * 24 * 60)).AddMilliseconds(random.Next(3) == 0 ? random.Next(1000) : 0);
            var span = TimeSpan.FromMinutes(random.Next(2) == 0 ? random.Next(1, 240) : random.Next(1, 3 * 24 * 60));
            var meterStartWh = random.Next(4) == 0 ? 0m : random.Next(1_000_000);
            var tariff = random.Next(6) switch
            {
                0 => null,
                1 => Busiest,
                _ => GeneratedSessions.NextTariff(random).ToDocument(),
            };

            var messages = new List<MeterSample[]>();
            var register = meterStartWh;
            var times = new List<DateTimeOffset>();
            var cursor = start.AddMinutes(random.Next(3) == 0 ? -random.Next(1, 20) : 0);
            for (var count = random.Next(1, 40); count > 0; count--)
            {
                DateTimeOffset at;
                var pick = random.Next(10);
                if (pick == 0 && times.Count > 0)
                    at = times[random.Next(times.Count)]; // a timestamp already reported
                else if (pick == 1)
                    at = start.Add(span * random.NextDouble()).AddSeconds(-random.Next(600)); // late
                else
                    at = cursor = cursor.AddSeconds(random.Next(3) == 0 ? random.Next(600, 7200) : random.Next(1, 400)); // idle or not
                at = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
                times.Add(at);

                register += random.Next(12) switch
                {
                    0 => -random.Next(5000), // backwards
                    1 or 2 => 0m, // idle
                    3 => random.Next(100) / 10m,
                    _ => random.Next(4000),
                };
                messages.Add(Message(random, at, register).ToArray());
            }

            return new GeneratedSession(start, meterStartWh, tariff, messages) { Span = span };
        }

        private static IEnumerable<MeterSample> Message(Random random, DateTimeOffset at, decimal register)
        {
            var location = random.Next(5) == 0 ? Locations[random.Next(Locations.Length)] : null;
            switch (random.Next(8))
            {
                case 0:
                    foreach (var phase in Phases.Where(_ => random.Next(2) == 0))
                        yield return Register(at, Math.Round(register / 3m, 1), phase, location);
                    break;
                case 1:
                    yield return Sample(at, register / 1000m, Measurands.EnergyActiveImportRegister, "kWh", location: location);
                    break;
                case 2:
                    yield return new MeterSample(at, Measurands.EnergyActiveImportRegister, "not a number", "Wh", null, SampleContexts.SamplePeriodic,
                        SampleLocations.Outlet, SampleFormats.Raw, null, null);
                    break;
                default:
                    yield return Register(at, register, location: location);
                    break;
            }
            if (random.Next(3) == 0)
                yield return Power(at, random.Next(22000), random.Next(4) == 0 ? "L1" : null);
            if (random.Next(4) == 0)
                yield return Soc(at, random.Next(101));
        }

        /// <summary>Before the start, at it, inside (readings after it then lie ahead), after the last reading, and past the longest session.</summary>
        public IEnumerable<DateTimeOffset> MomentsToAsk(Random random)
        {
            yield return Start.AddMinutes(-1);
            yield return Start;
            yield return Start.Add(Span * random.NextDouble());
            yield return Start.Add(Span).AddHours(random.Next(1, 48));
            if (random.Next(10) == 0)
                yield return Start.AddDays(31).AddSeconds(random.Next(-1, 2));
        }
    }
}
