using OcppCentral.Admin;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.Reports;
using OcppCentral.Storage;

namespace OcppCentral.Tests.Admin;

/// <summary>How the reports put the aggregate rows together: currencies apart, every charger, the lowest rated.</summary>
public class ReportBuildTests
{
    private static readonly TimeRange Open = new(null, null);

    private static SessionTotals Totals(string key, string? currency, long sessions, decimal? energyWh, long? totalMinor,
        long active = 0, long anomalies = 0, long? netMinor = null) =>
        new()
        {
            Key = key, Currency = currency, Sessions = sessions, ActiveSessions = active, EnergyWh = energyWh, NetMinor = netMinor,
            TotalMinor = totalMinor, AnomalyCount = anomalies,
        };

    private static FeedbackTotals Rated(string chargePointId, long count, long ratingSum, long low = 0) =>
        new() { ChargePointId = chargePointId, FeedbackCount = count, RatingSum = ratingSum, LowRatingCount = low };

    [Test]
    public void MoneyTotal_SeveralCurrencies_AreKeptApartInOrdinalOrder()
    {
        var totals = MoneyTotal.Of([Totals("CP", "SEK", 2, 1000, 12345, netMinor: 9876), Totals("CP", "EUR", 1, 500, 250, netMinor: 210),
            Totals("CP", null, 1, 300, null)]);

        Assert.That(totals, Is.EqualTo(new[] { new MoneyTotal("EUR", 2.10m, 2.50m), new MoneyTotal("SEK", 98.76m, 123.45m) }));
    }

    [Test]
    public void ChargePoints_RegisteredChargerWithoutSessions_IsListedWithZeros()
    {
        var period = new UtilizationPeriod(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));

        var line = ChargePointsReport.Build(Open, period, ["CP-IDLE"], [], [], [], []).ChargePoints.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.ChargePointId, Is.EqualTo("CP-IDLE"));
            Assert.That(line.Sessions, Is.Zero);
            Assert.That(line.EnergyKwh, Is.Zero);
            Assert.That(line.Revenue, Is.Empty);
            Assert.That(line.AverageRating, Is.Null);
            Assert.That(line.FeedbackCount, Is.Zero);
            Assert.That(line.AnomalyCount, Is.Zero);
            Assert.That(line.UtilizationPercent, Is.Zero);
        }
    }

    [Test]
    public void ChargePoints_RowsPerCurrency_AddUpToOneLine()
    {
        var period = new UtilizationPeriod(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(2));

        var line = ChargePointsReport.Build(Open, period, [],
            [Totals("CP", "SEK", 2, 12_500, 4000, anomalies: 1, netMinor: 3200), Totals("CP", null, 2, 500, null, active: 1, anomalies: 2)],
            [Rated("CP", 3, 10)], [new BusyTime { ChargePointId = "CP", BusyMs = 1_800_000 }], []).ChargePoints.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.Sessions, Is.EqualTo(4));
            Assert.That(line.ActiveSessions, Is.EqualTo(1));
            Assert.That(line.EnergyKwh, Is.EqualTo(13m));
            Assert.That(line.Revenue, Is.EqualTo(new[] { new MoneyTotal("SEK", 32m, 40m) }));
            Assert.That(line.AverageRating, Is.EqualTo(3.33m));
            Assert.That(line.FeedbackCount, Is.EqualTo(3));
            Assert.That(line.AnomalyCount, Is.EqualTo(3));
            Assert.That(line.UtilizationPercent, Is.EqualTo(25m));
        }
    }

    [Test]
    public void ChargePoints_NoUtilizationPeriod_LeavesThePercentEmpty() =>
        Assert.That(ChargePointsReport.Build(Open, null, ["CP"], [], [], [], []).ChargePoints.Single().UtilizationPercent, Is.Null);

    [Test]
    public void Feedback_LowestRated_NeedThreeRatingsAndGoLowestFirst()
    {
        var report = FeedbackReport.Build(Open, [],
            [Rated("CP-ONE-BAD", 2, 2), Rated("CP-GOOD", 4, 18), Rated("CP-POOR", 3, 6), Rated("CP-POOR-MORE", 6, 12), Rated("CP-MEH", 3, 8)]);

        Assert.That(report.LowestRatedChargers, Is.EqualTo(new[]
        {
            new RatedChargePoint("CP-POOR-MORE", 2m, 6), new RatedChargePoint("CP-POOR", 2m, 3),
            new RatedChargePoint("CP-MEH", 2.67m, 3), new RatedChargePoint("CP-GOOD", 4.5m, 4),
        }));
    }

    [Test]
    public void Feedback_LowestRated_ListsAtMostTen()
    {
        var chargers = Enumerable.Range(0, 15).Select(i => Rated($"CP-{i:D2}", 3, 3 + i % 12)).ToList();

        Assert.That(FeedbackReport.Build(Open, [], chargers).LowestRatedChargers, Has.Count.EqualTo(FeedbackReport.LowestRatedListed));
    }

    [Test]
    public void Feedback_Counts_ListEveryCategoryAndRatingWithZeros()
    {
        FeedbackTotals Cell(string category, long rating, long count) =>
            new() { Category = category, Rating = rating, FeedbackCount = count, RatingSum = rating * count };

        var report = FeedbackReport.Build(Open, [Cell("Signage", 1, 2), Cell("Signage", 4, 1), Cell("Payment", 5, 3)], []);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.FeedbackCount, Is.EqualTo(6));
            Assert.That(report.AverageRating, Is.EqualTo(3.5m));
            Assert.That(report.ByCategory, Is.EqualTo(new Dictionary<string, long>
                { ["Signage"] = 3, ["ChargingSpeed"] = 0, ["Reliability"] = 0, ["Payment"] = 3, ["Support"] = 0, ["Other"] = 0 }));
            Assert.That(report.ByRating, Is.EqualTo(new Dictionary<string, long> { ["1"] = 2, ["2"] = 0, ["3"] = 0, ["4"] = 1, ["5"] = 3 }));
        }
    }

    [Test]
    public void Feedback_None_HasNoAverage() => Assert.That(FeedbackReport.Build(Open, [], []).AverageRating, Is.Null);

    [Test]
    public void IdTags_RowsPerCurrency_AddUpPerIdTagInOrdinalOrder()
    {
        var report = IdTagsReport.Build(Open, [Totals("b", "SEK", 1, 1000, 100, netMinor: 80), Totals(" A", "SEK", 1, 2000, 200),
            Totals("b", "EUR", 2, 3000, 300, netMinor: 250)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.IdTags.Select(t => t.IdTag), Is.EqualTo(new[] { " A", "b" }));
            Assert.That(report.IdTags[1].Sessions, Is.EqualTo(3));
            Assert.That(report.IdTags[1].EnergyKwh, Is.EqualTo(4m));
            Assert.That(report.IdTags[1].TotalCost, Is.EqualTo(new[] { new MoneyTotal("EUR", 2.5m, 3m), new MoneyTotal("SEK", 0.8m, 1m) }));
        }
    }

    [TestCase(true, new[] { "CP-B", "CP-A", "CP-C", "CP-D", "CP-E" })]
    [TestCase(false, new[] { "CP-A", "CP-C", "CP-B", "CP-D", "CP-E" })]
    public void ChargePoints_SortByRating_UnratedLastEitherWay_EqualAveragesInIdOrder(bool descending, string[] expected)
    {
        // 2/1 and 4/2 are the same average, compared exactly: they tie and keep the order of their ids.
        var report = ChargePointsReport.Build(Open, null, ["CP-E", "CP-D", "CP-C", "CP-B", "CP-A"], [], [Rated("CP-C", 2, 4), Rated("CP-A", 1, 2),
            Rated("CP-B", 2, 9)], [], [], new ReportSort("rating", descending));

        Assert.That(report.ChargePoints.Select(l => l.ChargePointId), Is.EqualTo(expected));
    }

    [TestCase("revenue", true, new[] { "CP-X", "CP-Y", "CP-Z" })]
    [TestCase("revenue", false, new[] { "CP-Z", "CP-Y", "CP-X" })]
    [TestCase("sessions", true, new[] { "CP-X", "CP-Y", "CP-Z" })]
    [TestCase("sessions", false, new[] { "CP-Z", "CP-X", "CP-Y" })]
    [TestCase("energy", true, new[] { "CP-Y", "CP-X", "CP-Z" })]
    [TestCase("anomalies", false, new[] { "CP-X", "CP-Z", "CP-Y" })]
    [TestCase("chargePointId", true, new[] { "CP-Z", "CP-Y", "CP-X" })]
    public void ChargePoints_SortByAFigure_InItsDirection_TiesInIdOrder(string key, bool descending, string[] expected)
    {
        // Revenue is the gross of every currency summed in minor units: CP-X's 1.00 SEK and 3.00 EUR outweigh CP-Y's 3.50 SEK.
        var report = ChargePointsReport.Build(Open, null, ["CP-Z"],
            [Totals("CP-X", "SEK", 1, 1000, 100), Totals("CP-X", "EUR", 1, 500, 300), Totals("CP-Y", "SEK", 2, 2000, 350, anomalies: 1)], [], [], [],
            new ReportSort(key, descending));

        Assert.That(report.ChargePoints.Select(l => l.ChargePointId), Is.EqualTo(expected));
    }

    [Test]
    public void ChargePoints_SortByUtilization_IsTheBusyTimeNotItsRoundedPercent()
    {
        // 1 ms apart in a 30-day period: the same percent to 2 decimals, yet CP-LONGER was busy longer.
        var period = new UtilizationPeriod(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var report = ChargePointsReport.Build(Open, period, ["CP-A", "CP-LONGER"], [], [],
            [new BusyTime { ChargePointId = "CP-A", BusyMs = 3_600_000 }, new BusyTime { ChargePointId = "CP-LONGER", BusyMs = 3_600_001 }], [],
            new ReportSort("utilization", true));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.ChargePoints.Select(l => l.UtilizationPercent).Distinct().Count(), Is.EqualTo(1));
            Assert.That(report.ChargePoints.Select(l => l.ChargePointId), Is.EqualTo(new[] { "CP-LONGER", "CP-A" }));
        }
    }

    [Test]
    public void IdTags_SortByIdDescending_IsOrdinal()
    {
        var report = IdTagsReport.Build(Open, [Totals("b", "SEK", 1, 1000, 100), Totals(" A", "SEK", 1, 2000, 200), Totals("B", "SEK", 1, 1, 1)],
            sort: new ReportSort("idTag", true));

        Assert.That(report.IdTags.Select(t => t.IdTag), Is.EqualTo(new[] { "b", "B", " A" }));
    }

    [TestCase("revenue", null, "revenue", true)]
    [TestCase("rating", "asc", "rating", false)]
    [TestCase(null, null, "chargePointId", false)]
    [TestCase("", "desc", "chargePointId", true)]
    public void ReportSort_KnownKey_IsAcceptedWithItsDirection(string? sort, string? dir, string key, bool descending) =>
        Assert.That(ReportSort.Parse(sort, dir, ReportSort.ChargePointKeys, "chargePointId").Sort, Is.EqualTo(new ReportSort(key, descending)));

    [TestCase("price", null, "sort")]
    [TestCase("utilization", null, "sort")]
    [TestCase("revenue", "down", "dir")]
    public void ReportSort_UnknownKeyOrDirection_NamesTheField(string sort, string? dir, string field) =>
        Assert.That(ReportSort.Parse(sort, dir, ReportSort.IdTagKeys, "idTag").Field, Is.EqualTo(field));

    [Test]
    public void Feedback_ChargerWithOneOrTwoLowRatings_IsListedDespiteTheRankingMinimum()
    {
        var report = FeedbackReport.Build(Open, [], [Rated("CP-ONE-BAD", 1, 1, low: 1), Rated("CP-TWO-BAD", 2, 3, low: 2), Rated("CP-GOOD", 4, 18)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.LowestRatedChargers.Select(c => c.ChargePointId), Is.EqualTo(new[] { "CP-GOOD" }), "the ranking keeps its minimum");
            Assert.That(report.ChargersWithLowRatings, Is.EqualTo(new[]
            {
                new LowRatedChargePoint("CP-TWO-BAD", 2, 2, 1.5m), new LowRatedChargePoint("CP-ONE-BAD", 1, 1, 1m),
            }));
        }
    }
}
