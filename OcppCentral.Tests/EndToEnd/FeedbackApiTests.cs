using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// POST /api/sessions/{transactionId}/feedback (docs/anomalies-and-feedback.md) on a session charged through the real server: one server for
/// the fixture, a session of its own (on a charger of its own) for each test.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class FeedbackApiTests(TestBackend backend) : SharedServerTests(backend)
{
    private int _chargers;
    private long _transactionId;

    [SetUp]
    public async Task ChargeASessionAsync()
    {
        await using var charger = await Chargers.BootAsync(Server, $"CP-FEEDBACK-{++_chargers}");
        _transactionId = await ChargeAsync(charger, 1, "DRIVER", Day, TimeSpan.FromMinutes(40), 8_000);
    }

    private Task<HttpResponseMessage> PostAsync(string json, long? transactionId = null) =>
        PostJsonAsync(Server, $"/api/sessions/{transactionId ?? _transactionId}/feedback", json);

    [Test]
    public async Task Post_ValidFeedback_Is201WithTheStoredFeedbackAndItsLocation()
    {
        using var response = await PostAsync("""{ "rating": 4, "category": "ChargingSpeed", "comment": "Slow after 80 %." }""");
        var body = Json.Parse(await response.Content.ReadAsStringAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(body["id"]!.GetValue<long>(), Is.Positive);
            Assert.That(body["transactionId"]!.GetValue<long>(), Is.EqualTo(_transactionId));
            Assert.That(body["rating"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(body["category"]!.GetValue<string>(), Is.EqualTo("ChargingSpeed"));
            Assert.That(body["comment"]!.GetValue<string>(), Is.EqualTo("Slow after 80 %."));
            Assert.That(body["createdAt"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/api/sessions/{_transactionId}/feedback/{body["id"]}"));
        }
        var located = await Server.GetJsonAsync<JsonObject>(response.Headers.Location!.ToString());
        Assert.That(located.ToJsonString(), Is.EqualTo(body.ToJsonString()));
    }

    [Test]
    public async Task Post_TwoFeedbacks_BothShowOnTheSessionRecordInOrder()
    {
        (await PostAsync("""{ "rating": 2, "category": "Signage", "comment": "Hard to find." }""")).Dispose();
        (await PostAsync("""{ "rating": 5, "category": "Support" }""")).Dispose();

        var session = await SessionAsync(Server, _transactionId);
        var listed = await Server.GetJsonAsync<JsonArray>($"/api/sessions/{_transactionId}/feedback");

        using (Assert.EnterMultipleScope())
        {
            var feedback = session["feedback"]!.AsArray();
            Assert.That(feedback.Select(f => f!["rating"]!.GetValue<int>()), Is.EqualTo(new[] { 2, 5 }));
            Assert.That(feedback[0]!["comment"]!.GetValue<string>(), Is.EqualTo("Hard to find."));
            Assert.That(feedback[1]!["comment"], Is.Null);
            Assert.That(listed.ToJsonString(), Is.EqualTo(feedback.ToJsonString()));
        }
    }

    [TestCase("""{ "rating": 0, "category": "Signage" }""", "rating")]
    [TestCase("""{ "rating": 6, "category": "Signage" }""", "rating")]
    [TestCase("""{ "rating": 3.5, "category": "Signage" }""", "rating")]
    [TestCase("""{ "rating": "3", "category": "Signage" }""", "rating")]
    [TestCase("""{ "category": "Signage" }""", "rating")]
    [TestCase("""{ "rating": 3, "category": "Parking" }""", "category")]
    [TestCase("""{ "rating": 3 }""", "category")]
    [TestCase("""{ "rating": 3, "category": "Other", "comment": false }""", "comment")]
    [TestCase("""{ "rating": 3, "category": "Other", "comment": "COMMENT" }""", "comment")]
    [TestCase("""{ "rating": 3, "category": "Other" """, "body")]
    [TestCase("""not json""", "body")]
    [TestCase("", "body")]
    [TestCase("""[ 3 ]""", "body")]
    public async Task Post_InvalidBody_Is400ProblemNamingTheField(string json, string field)
    {
        using var response = await PostAsync(json.Replace("COMMENT", new string('c', 2001)));
        var problem = Json.Parse(await response.Content.ReadAsStringAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(400));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        }
        Assert.That((await SessionAsync(Server, _transactionId))["feedback"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Post_UnknownSession_Is404Problem()
    {
        using var response = await PostAsync("""{ "rating": 3, "category": "Other" }""", transactionId: _transactionId + 1000);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo($"There is no session {_transactionId + 1000}."));
        }
    }

    [Test]
    public async Task Post_OnAnActiveSession_IsAccepted()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-RUNNING");
        var active = await StartAsync(charger, 1, "DRIVER", 0, Day);

        using var response = await PostAsync("""{ "rating": 1, "category": "Reliability", "comment": "Cable stuck." }""", active);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Get_FeedbackOfAnotherSession_Is404()
    {
        using var created = await PostAsync("""{ "rating": 3, "category": "Other" }""");
        var id = Json.Parse(await created.Content.ReadAsStringAsync())["id"]!.GetValue<long>();

        using var response = await Server.Http.GetAsync($"/api/sessions/{_transactionId + 1}/feedback/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
