using System.Net;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Console;

/// <summary>The console's pages rendered by the real server over data a simulated charger sent; HTML checked without a browser.</summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class ConsolePagesTests(TestBackend backend)
{
    private ConsoleData _data = null!;
    private ConsoleClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _data = await ConsoleData.StartAsync(backend);
        _client = new ConsoleClient(_data.Server);
        await _client.SignInAsync(ConsoleData.Key);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _data.DisposeAsync();
    }

    [TestCase("/")]
    [TestCase("/overview/live")]
    [TestCase("/sessions")]
    [TestCase("/sessions?status=Completed&sort=energy&dir=asc&anomalies=1&feedback=1&from=2026-11-01&to=2026-11-30")]
    [TestCase("/chargers")]
    [TestCase("/chargers?sort=revenue")]
    [TestCase("/chargers/CP-A")]
    [TestCase("/tariffs")]
    [TestCase("/tariffs/new")]
    [TestCase("/tariffs/default/edit")]
    [TestCase("/tariffs/what-if")]
    [TestCase("/feedback")]
    [TestCase("/feedback?maxRating=2&category=Reliability&chargePointId=CP-A")]
    [TestCase("/anomalies")]
    [TestCase("/reports")]
    [TestCase("/reports?from=2026-11-20&to=2026-11-30&chargePointId=CP-A")]
    public async Task Page_SignedIn_RendersWithoutError(string path)
    {
        var (status, html) = await _client.GetAsync(path);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
    }

    [Test]
    public async Task Pages_WithForms_CarryAnAntiforgeryToken()
    {
        foreach (var path in new[] { "/", "/chargers/CP-A", "/tariffs/new", "/tariffs/what-if" })
        {
            var (_, html) = await _client.GetAsync(path);
            Assert.That(ConsoleClient.Token(html), Is.Not.Empty, path);
        }
    }

    [Test]
    public async Task SessionPage_ShowsBillTotalCurveAndEncodedComment()
    {
        var session = await _data.Server.GetJsonAsync<JsonObject>($"/api/sessions/{_data.CurveSession}");
        var total = session["cost"]!["total"]!.GetValue<decimal>().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

        var (status, html) = await _client.GetAsync($"/sessions/{_data.CurveSession}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain($"id=\"bill-total\">{total} SEK<"));
        Assert.That(html, Does.Contain("data-uplot=").And.Contain($"Curve of {ConsoleData.Readings} readings"));
        Assert.That(html, Does.Not.Contain(ConsoleData.ScriptComment));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"));
        Assert.That(html, Does.Contain("The charger rebooted").Or.Contain("Anomalies"));
    }

    [TestCase("/sessions")]
    [TestCase("/chargers/CP-A")]
    public async Task IdTagWithScript_IsShownAsText(string path)
    {
        var (_, html) = await _client.GetAsync(path);

        Assert.That(html, Does.Contain("&lt;script&gt;x"));
        Assert.That(html, Does.Not.Contain(ConsoleData.ScriptIdTag));
    }

    [Test]
    public async Task FeedbackPage_ListsTheLowRatingAndItsChargerEncoded()
    {
        var (_, html) = await _client.GetAsync("/feedback");

        Assert.That(html, Does.Not.Contain(ConsoleData.ScriptComment));
        Assert.That(html, Does.Contain($"/sessions/{_data.CurveSession}"));
        Assert.That(html, Does.Contain("CP-A</a>: 1 low rating"));
    }

    [Test]
    public async Task FeedbackPage_CountsOverTime_AreChartsAndATableRowForTheDay()
    {
        var (_, html) = await _client.GetAsync("/feedback");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")).DateTime)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        static string Cells(params int[] counts) => string.Concat(counts.Select(c => $"<td class=\"num\">{c}</td>"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("id=\"feedback-category-chart\"").And.Contain("id=\"feedback-rating-chart\""));
            Assert.That(html, Does.Contain("&quot;stacked&quot;:true"));
            // Signage, ChargingSpeed, Reliability, Payment, Support, Other; then ratings 1 to 5; then all.
            Assert.That(html, Does.Contain($"<tr><td>{today}</td>{Cells(0, 0, 1, 0, 0, 0)}{Cells(1, 0, 0, 0, 0)}{Cells(1)}</tr>"));
        }
    }

    [Test]
    public async Task FeedbackPage_FilteredToAnotherCategory_HasNoDaysWithFeedback()
    {
        var (_, html) = await _client.GetAsync("/feedback?category=Payment");

        Assert.That(html, Does.Contain("id=\"feedback-over-time\"").And.Not.Contain($"<tr><td>20"));
    }

    [Test]
    public async Task ChargerPage_HasItsDailyChartsFromTheDailyReport()
    {
        var (_, html) = await _client.GetAsync("/chargers/CP-A");

        using (Assert.EnterMultipleScope())
        {
            foreach (var id in new[] { "charger-sessions-chart", "charger-energy-chart", "charger-revenue-chart", "charger-utilization-chart" })
                Assert.That(html, Does.Contain($"id=\"{id}\""), id);
            Assert.That(html, Does.Contain("Net (SEK)").And.Contain("Gross (SEK)"));
            Assert.That(html, Does.Contain("chargePointId=CP-A"));
        }
    }

    [Test]
    public async Task Overview_ShowsTheActiveSessionAndTheConnectedCharger()
    {
        var (_, html) = await _client.GetAsync("/");

        Assert.That(html, Does.Contain($"/sessions/{_data.ActiveSession}\">#{_data.ActiveSession}"));
        Assert.That(html, Does.Contain("connected</span>"));
        Assert.That(html, Does.Contain("1: Available"));
    }

    [Test]
    public async Task Sessions_SortedByEnergyAscending_ListsTheSmallerFirst()
    {
        var (_, html) = await _client.GetAsync("/sessions?status=Completed&sort=energy&dir=asc");

        var script = html.IndexOf($"#{_data.ScriptSession}<", StringComparison.Ordinal);
        var curve = html.IndexOf($"#{_data.CurveSession}<", StringComparison.Ordinal);
        Assert.That(script, Is.GreaterThan(0));
        Assert.That(script, Is.LessThan(curve), "5 kWh before 10 kWh");
    }

    [Test]
    public async Task Sessions_FilteredByIdTag_ShowsOnlyThatDriver()
    {
        var (_, html) = await _client.GetAsync("/sessions?idTag=DRIVER1");

        Assert.That(html, Does.Contain($"#{_data.CurveSession}<"));
        Assert.That(html, Does.Not.Contain($"#{_data.ScriptSession}<"));
    }

    [Test]
    public async Task TariffSave_InvalidFields_ComesBackWithEachErrorBesideItsField()
    {
        using var response = await _client.PostFormAsync("/tariffs/new", "/tariffs/save",
        [
            new("isNew", "1"), new("id", "night"), new("name", "Night"), new("currency", "sek"), new("timeZone", "Europe/Stockholm"),
            new("energyPrice", "two"), new("taxPercent", "25"), new("periods[0].days", "Mon"), new("periods[0].from", "25:00"),
            new("periods[0].to", "06:00"), new("periods[0].energyPrice", "1.5"),
        ]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("id=\"f-energyPrice-error\">&#x27;two&#x27; is not a number"));
        Assert.That(html, Does.Contain("id=\"f-currency-error\""));
        Assert.That(html, Does.Contain("id=\"f-periods-0--from-error\""));
        Assert.That(html, Does.Contain("value=\"two\""), "the wrong value is shown back as typed");
    }

    [Test]
    public async Task TariffSave_Valid_IsStoredAsTheApiStoresIt()
    {
        using var response = await _client.PostFormAsync("/tariffs/new", "/tariffs/save",
        [
            new("isNew", "1"), new("id", "weekend"), new("name", "Weekend"), new("currency", "SEK"), new("timeZone", "Europe/Stockholm"),
            new("energyPrice", "3.10"), new("taxPercent", "25"), new("periods[0].days", "Sat,Sun"), new("periods[0].from", "08:00"),
            new("periods[0].to", "20:00"), new("periods[0].energyPrice", "2.00"), new("periods[1].days", ""), new("periods[1].from", ""),
            new("periods[1].to", ""), new("periods[1].energyPrice", ""),
        ]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var stored = await _data.Server.GetJsonAsync<JsonObject>("/api/tariffs/weekend");
        Assert.That(stored["energyPrice"]!.GetValue<decimal>(), Is.EqualTo(3.10m));
        Assert.That(stored["periods"]!.AsArray().Single()!["days"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { "Sat", "Sun" }));
    }

    [Test]
    public async Task WhatIf_ValidCandidate_AnswersWithChartAndTotals()
    {
        using var response = await _client.PostFormAsync("/tariffs/what-if", "/tariffs/what-if",
        [
            new("from", "2026-11-01"), new("to", "2026-11-30"), new("chargePointId", ""), new("name", "Cheap"), new("currency", "SEK"),
            new("timeZone", "Europe/Stockholm"), new("energyPrice", "1.00"), new("taxPercent", "25"),
        ]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain("id=\"whatif-chart\"").And.Contain("data-chart="));
        Assert.That(html, Does.Contain("<td>All chargers</td><td class=\"num\">2</td>"));
    }

    [Test]
    public async Task Reset_FromTheConsole_AsksForConfirmationThenIsSentAndLoggedLikeTheApi()
    {
        _data.Charger.ServerCallHandler = call => Task.FromResult<object>(new { status = "Accepted" });

        using var first = await _client.PostFormAsync("/chargers/CP-A", "/chargers/CP-A/commands/Reset", [new("type", "Soft")]);
        var confirm = await first.Content.ReadAsStringAsync();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(confirm, Does.Contain("Yes, send Reset"));
        var before = await _data.Server.GetJsonAsync<JsonArray>("/api/chargepoints/CP-A/commands");

        using var second = await _client.Http.PostAsync("/chargers/CP-A/commands/Reset", new FormUrlEncodedContent(
            [new("type", "Soft"), new("confirm", "yes"), new("__csrf", ConsoleClient.Token(confirm))]));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var log = await _data.Server.GetJsonAsync<JsonArray>("/api/chargepoints/CP-A/commands");
        Assert.That(log.Count, Is.EqualTo(before.Count + 1));
        Assert.That(log[0]!["action"]!.GetValue<string>(), Is.EqualTo("Reset"));
        Assert.That(log[0]!["outcome"]!.GetValue<string>(), Is.EqualTo("Answered"));
        var (_, page) = await _client.GetAsync(second.Headers.Location!.ToString());
        Assert.That(page, Does.Contain("id=\"command-outcome\"").And.Contain("answered {&quot;status&quot;:&quot;Accepted&quot;}"));
    }

    [Test]
    public async Task ReportsCsv_HasOneLinePerDay()
    {
        using var response = await _client.Http.GetAsync("/reports/daily.csv?from=2026-11-24&to=2026-11-26&chargePointId=CP-A");
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[1], Does.StartWith("2026-11-24,1,10,SEK,"));
        Assert.That(lines[2], Does.StartWith("2026-11-25,1,5,SEK,"));
    }
}
