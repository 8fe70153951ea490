extern alias sim;

using sim::ChargeMonitor.Simulator.Chargers;
using sim::ChargeMonitor.Simulator.Feedback;

namespace OcppCentral.Tests.Simulator;

public class FleetAndFeedbackTests
{
    private static readonly ChargerOptions Template = new() { Endpoint = new Uri("ws://localhost:8180/ocpp"), ChargePointId = "x", Seed = 5 };

    [TestCase(5, 1, "SIM-0001")]
    [TestCase(5, 5, "SIM-0005")]
    [TestCase(10_000, 42, "SIM-00042")]
    public void IdFor_PadsToFourDigitsOrMore(int chargers, int number, string expected)
    {
        Assert.That(new FleetOptions { Template = Template, Chargers = chargers }.IdFor(number), Is.EqualTo(expected));
    }

    [Test]
    public void SeedFor_DistinctPerChargerAndReproducible()
    {
        var fleet = new FleetOptions { Template = Template, Chargers = 1000 };

        var seeds = Enumerable.Range(1, 1000).Select(fleet.SeedFor).ToList();

        Assert.That(seeds, Is.Unique);
        Assert.That(seeds, Is.EqualTo(Enumerable.Range(1, 1000).Select(new FleetOptions { Template = Template }.SeedFor)));
    }

    [TestCase("ws://localhost:8180/ocpp", 17, "http://localhost:8180/api/sessions/17/feedback")]
    [TestCase("wss://cms.example.org/ocpp/", 9, "https://cms.example.org/api/sessions/9/feedback")]
    [TestCase("ws://10.0.0.1:80/x/ocpp?a=b", 1, "http://10.0.0.1/api/sessions/1/feedback")]
    public void EndpointFor_IsTheAdminApiOnTheOcppHost(string ocpp, long transactionId, string expected)
    {
        Assert.That(FeedbackClient.EndpointFor(new Uri(ocpp), transactionId), Is.EqualTo(new Uri(expected)));
    }

    [Test]
    public void Draw_DisruptedSession_IsALowReliabilityRating()
    {
        var random = new Random(2);

        var ratings = Enumerable.Range(0, 100).Select(_ => FeedbackGenerator.Draw(random, disrupted: true, slow: false)).ToList();

        Assert.That(ratings.Select(r => (r.Category, r.Rating <= 2)).Distinct(), Is.EqualTo(new[] { ("Reliability", true) }));
    }

    [Test]
    public void Draw_ManySessions_OnlyValidFeedbackMostlyContent()
    {
        var random = new Random(9);

        var ratings = Enumerable.Range(0, 1000).Select(_ => FeedbackGenerator.Draw(random, disrupted: false, slow: false)).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ratings.Select(r => r.Category).Distinct(), Is.SubsetOf(DriverFeedback.Categories));
            Assert.That(ratings.Select(r => r.Rating), Is.All.InRange(1, 5));
            Assert.That(ratings.Count(r => r.Rating >= 4), Is.GreaterThan(700));
        }
    }

    [Test]
    public void Draw_ManySessions_EachCommentBelongsToItsCategory()
    {
        var random = new Random(4);

        var feedback = Enumerable.Range(0, 2000)
            .Select(n => FeedbackGenerator.Draw(random, disrupted: n % 10 == 0, slow: n % 3 == 0))
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            // "Cable too short." filed under Reliability made feedback reports misleading.
            foreach (var drawn in feedback.DistinctBy(f => (f.Category, f.Comment)))
                Assert.That(FeedbackGenerator.CommentsFor(drawn.Category), Does.Contain(drawn.Comment), $"under {drawn.Category}");
            Assert.That(feedback.Where(f => f.Comment == "Cable too short.").Select(f => f.Category).Distinct(), Is.EqualTo(new[] { "Other" }));
            Assert.That(feedback.Select(f => f.Category).Distinct(), Is.EquivalentTo(DriverFeedback.Categories), "every category is drawn");
        }
    }

    [Test]
    public void DriverFeedback_RatingOutOfRange_Throws()
    {
        Assert.That(() => new DriverFeedback(6, "Other", ""), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Validate_HttpEndpoint_Throws()
    {
        Assert.That(() => (Template with { Endpoint = new Uri("http://localhost:8180/ocpp") }).Validate(), Throws.ArgumentException);
    }
}
