using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// GET /api/feedback: feedback across sessions with filters and paging. The tests only read, so one server on a
/// <see cref="VirtualClock"/> holds the same four pieces of feedback for all of them.
/// </summary>
[CancelAfter(60_000)]
public class FeedbackListApiTests
{
    private TestServer Server { get; set; } = null!;

    [OneTimeSetUp]
    public async Task StartAndSeedAsync()
    {
        Server = await TestServer.StartAsync(new VirtualClock());
        await SeedAsync();
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await Server.DisposeAsync();

    private async Task SeedAsync()
    {
        await using var a = await Chargers.BootAsync(Server, "CP-F1");
        await using var b = await Chargers.BootAsync(Server, "CP-F2");
        var s1 = await ReportSessions.ChargeAsync(a, 1, "A", ReportSessions.Day, TimeSpan.FromMinutes(30), 5_000);
        var s2 = await ReportSessions.ChargeAsync(b, 1, "B", ReportSessions.Day.AddHours(2), TimeSpan.FromMinutes(30), 5_000);
        foreach (var (session, rating, category) in new[] { (s1, 1, "Reliability"), (s1, 5, "ChargingSpeed"), (s2, 2, "Payment"), (s2, 4, "Other") })
            (await Server.Http.PostAsJsonAsync($"/api/sessions/{session}/feedback", new { rating, category, comment = $"c{rating}" })).EnsureSuccessStatusCode();
    }

    [Test]
    public async Task List_NoFilter_NewestFirstWithTotalAndCharger()
    {
        var page = await Server.GetJsonAsync<JsonObject>("/api/feedback?limit=3");

        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(4));
        var items = page["items"]!.AsArray();
        Assert.That(items.Select(i => i!["rating"]!.GetValue<int>()), Is.EqualTo(new[] { 4, 2, 5 }));
        Assert.That(items[0]!["chargePointId"]!.GetValue<string>(), Is.EqualTo("CP-F2"));
    }

    [TestCase("rating=1", new[] { 1 })]
    [TestCase("maxRating=2", new[] { 2, 1 })]
    [TestCase("category=payment", new[] { 2 })]
    [TestCase("chargePointId=CP-F1", new[] { 5, 1 })]
    [TestCase("offset=3", new[] { 1 })]
    public async Task List_Filtered_ReturnsOnlyTheMatches(string query, int[] ratings)
    {
        var page = await Server.GetJsonAsync<JsonObject>("/api/feedback?" + query);

        Assert.That(page["items"]!.AsArray().Select(i => i!["rating"]!.GetValue<int>()), Is.EqualTo(ratings));
    }

    [TestCase("rating=6", "rating")]
    [TestCase("category=Smell", "category")]
    [TestCase("limit=0", "limit")]
    [TestCase("from=soon", "from")]
    public async Task List_BadParameter_Is400NamingIt(string query, string field)
    {
        using var response = await Server.Http.GetAsync("/api/feedback?" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Json.Parse(await response.Content.ReadAsStringAsync())["errors"]![field], Is.Not.Null);
    }
}
