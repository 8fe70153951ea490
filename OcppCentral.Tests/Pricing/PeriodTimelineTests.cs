using OcppCentral.Pricing;

namespace OcppCentral.Tests.Pricing;

/// <summary>
/// <see cref="PeriodTimeline.SingleBucket"/> is the running estimate's shortcut for a segment between two readings: when it
/// answers, the timeline <see cref="PeriodTimeline.Build"/> makes for the span is that one piece, so the energy lands in the
/// same bucket either way. Spans anywhere in 2026 (both daylight-saving nights in Europe/Stockholm included), from none to
/// three days.
/// </summary>
public class PeriodTimelineTests
{
    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The UTC instants of Europe/Stockholm's two offset changes in 2026.</summary>
    private static readonly DateTimeOffset[] OffsetChanges = [new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new(2026, 10, 25, 1, 0, 0, TimeSpan.Zero)];

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 24);

    [TestCaseSource(nameof(Seeds))]
    public void SingleBucket_AnySpan_IsTheOnlyPieceOfTheTimeline(int seed)
    {
        var random = new Random(seed);
        var tariff = seed % 3 == 0 ? GeneratedSessions.Busiest : GeneratedSessions.NextTariff(random);
        var answered = 0;
        for (var i = 0; i < 300; i++)
        {
            var start = i % 10 == 0
                ? OffsetChanges[random.Next(2)].AddMinutes(random.Next(-90, 30)).AddSeconds(random.Next(60))
                : YearStart.AddMinutes(random.Next(365 * 24 * 60)).AddSeconds(random.Next(60));
            var span = random.Next(4) switch
            {
                0 => TimeSpan.Zero,
                1 => TimeSpan.FromSeconds(random.Next(1, 600)),
                2 => TimeSpan.FromMinutes(random.Next(1, 240)),
                _ => TimeSpan.FromMinutes(random.Next(1, 3 * 24 * 60)),
            };
            var (from, to) = (start.UtcTicks, (start + span).UtcTicks);
            if (PeriodTimeline.SingleBucket(tariff, from, to) is not { } bucket)
                continue;
            answered++;
            var pieces = PeriodTimeline.Build(tariff, from, to);
            Assert.That(pieces.Select(piece => piece.Bucket), Is.EqualTo(new[] { bucket }), $"seed {seed}, {start:O} + {span}");
        }
        Assert.That(answered, Is.GreaterThan(50), "most short spans lie within one price");
    }

    [Test]
    public void SingleBucket_SpanAcrossAPriceChange_IsNoAnswer()
    {
        // Busiest prices weekdays 16:00–19:00 (Stockholm) apart: Wednesday 2026-06-03 15:50–16:10 local crosses 16:00.
        var from = new DateTimeOffset(2026, 6, 3, 15, 50, 0, TimeSpan.FromHours(2)).UtcTicks;
        var to = new DateTimeOffset(2026, 6, 3, 16, 10, 0, TimeSpan.FromHours(2)).UtcTicks;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PeriodTimeline.Build(GeneratedSessions.Busiest, from, to), Has.Count.EqualTo(2));
            Assert.That(PeriodTimeline.SingleBucket(GeneratedSessions.Busiest, from, to), Is.Null);
        }
    }
}
