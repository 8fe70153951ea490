using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppCentral.Receipts;
using OcppCentral.Storage;
using OcppCentral.Tests.Console;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Receipts;

/// <summary>
/// The driver's receipt through the real server, without a browser: public, the session's own figures and bill, the idTag
/// masked, the same 404 for every wrong token, the running cost while Active, the JSON, the token on the session record
/// and in the CSV, and feedback through the receipt with its limit and its antiforgery check.
/// </summary>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class ReceiptTests(TestBackend backend)
{
    private ConsoleData _data = null!;

    /// <summary>Without the admin key and without cookies: what a driver's phone sends.</summary>
    private HttpClient _public = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _data = await ConsoleData.StartAsync(backend);
        using (var named = await _data.Server.Http.PutAsJsonAsync("/api/chargepoints/CP-A", new { name = ChargerName, address = "Storgatan 1, Umeå" }))
            named.EnsureSuccessStatusCode();
        _public = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _data.Server.BaseUri };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _public.Dispose();
        await _data.DisposeAsync();
    }

    private async Task<JsonObject> SessionAsync(long id) => await _data.Server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");

    private async Task<string> ReceiptPathAsync(long id) => (await SessionAsync(id))["receiptUrl"]!.GetValue<string>();

    private const string ChargerName = "Depot <b>North</b>";

    [Test]
    public async Task Receipt_ChargerNameAndAddress_AreShownEncoded()
    {
        var html = await _public.GetStringAsync(await ReceiptPathAsync(_data.CurveSession));
        var json = (await _public.GetFromJsonAsync<JsonObject>(await ReceiptPathAsync(_data.CurveSession) + ".json"))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("Depot &lt;b&gt;North&lt;/b&gt; (CP-A)").And.Not.Contain(ChargerName));
            Assert.That(WebUtility.HtmlDecode(html), Does.Contain("Storgatan 1, Umeå"));
            Assert.That(json["chargerName"]!.GetValue<string>(), Is.EqualTo(ChargerName));
            Assert.That(json["chargerAddress"]!.GetValue<string>(), Is.EqualTo("Storgatan 1, Umeå"));
        }
    }

    private static string Money(JsonNode? amount) =>
        amount!.GetValue<decimal>().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " SEK";

    [Test]
    public async Task SessionRecord_ReceiptUrl_IsAPathWith128BitToken()
    {
        var url = (await SessionAsync(_data.CurveSession))["receiptUrl"]!.GetValue<string>();

        Assert.That(url, Does.Match("^/receipt/[0-9a-f]{32}$"));
    }

    [Test]
    public async Task Receipt_Tokens_DifferPerSession()
    {
        var tokens = new List<string>();
        foreach (var id in new[] { _data.CurveSession, _data.ScriptSession, _data.ActiveSession })
            tokens.Add(await ReceiptPathAsync(id));

        Assert.That(tokens.Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public async Task Receipt_Page_ShowsTheBillWithoutAKeyAndNothingBeyondTheSession()
    {
        var session = await SessionAsync(_data.CurveSession);
        using var response = await _public.GetAsync(await ReceiptPathAsync(_data.CurveSession));
        var html = await response.Content.ReadAsStringAsync();
        var cost = session["cost"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain($"id=\"receipt-total\">{Money(cost["total"])}<"));
            Assert.That(html, Does.Contain(Money(cost["net"])).And.Contain(Money(cost["tax"])));
            Assert.That(html, Does.Contain("CP-A").And.Contain("data-uplot="));
            Assert.That(html, Does.Not.Contain("DRIVER1"), "the idTag is masked");
            Assert.That(WebUtility.HtmlDecode(html), Does.Contain("••••••1"));
            Assert.That(html, Does.Not.Contain("href=\"/sessions").And.Not.Contain("href=\"/chargers").And.Not.Contain("/api/").And.Not.Contain("sign-out"));
            Assert.That(html, Does.Not.Contain(ConsoleData.ScriptComment).And.Not.Contain("alert("), "other feedback is not shown");
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(html, Does.Contain("/css/receipt.css"));
        }
    }

    [Test]
    public async Task Receipt_Json_HasTheSameFiguresAsTheSessionRecord()
    {
        var session = await SessionAsync(_data.CurveSession);
        var receipt = (await _public.GetFromJsonAsync<JsonObject>(await ReceiptPathAsync(_data.CurveSession) + ".json"))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt["bill"]!["total"]!.GetValue<decimal>(), Is.EqualTo(session["cost"]!["total"]!.GetValue<decimal>()));
            Assert.That(receipt["bill"]!["lines"]!.AsArray(), Has.Count.EqualTo(session["cost"]!["lines"]!.AsArray().Count));
            Assert.That(receipt["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(session["energyKwh"]!.GetValue<decimal>()));
            Assert.That(receipt["idTag"]!.GetValue<string>(), Is.EqualTo("••••••1"));
            Assert.That(receipt["curve"]!["t"]!.AsArray(), Has.Count.EqualTo(ConsoleData.Readings));
            Assert.That(receipt.ToJsonString(), Does.Not.Contain("transactionId").And.Not.Contain("DRIVER1").And.Not.Contain("feedback"));
        }
    }

    [TestCase("0123456789abcdef0123456789abcdef")]
    [TestCase("0123456789abcdef0123456789abcdef.json")]
    [TestCase("0123456789ABCDEF0123456789ABCDEF")]
    [TestCase("1")]
    [TestCase("%3Cscript%3E")]
    [TestCase("..%2F..%2Fapi%2Fsessions")]
    [TestCase("0123456789abcdef0123456789abcdef/live")]
    public async Task Receipt_WrongOrMalformedToken_GetsTheSame404(string token)
    {
        using var response = await _public.GetAsync("/receipt/" + token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("There is no such receipt."));
    }

    [Test]
    public async Task Receipt_ScriptInIdTag_IsMaskedAndEncoded()
    {
        var html = await _public.GetStringAsync(await ReceiptPathAsync(_data.ScriptSession));

        Assert.That(html, Does.Not.Contain(ConsoleData.ScriptIdTag));
        Assert.That(html, Does.Contain("&gt;x<"), "the revealed end, encoded");
        Assert.That(WebUtility.HtmlDecode(html), Does.Contain("•••••••>x"));
    }

    [Test]
    public async Task Receipt_ActiveSession_ShowsTheRunningCostAndRefreshesItself()
    {
        var path = await ReceiptPathAsync(_data.ActiveSession);
        var html = await _public.GetStringAsync(path);
        using var live = await _public.GetAsync(path + "/live");
        var fragment = await live.Content.ReadAsStringAsync();
        var estimate = (await SessionAsync(_data.ActiveSession))["cost"];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("Cost so far").And.Contain($"hx-get=\"{path}/live\"").And.Contain("hx-trigger=\"every 10s\""));
            Assert.That(html, Does.Contain("http-equiv=\"refresh\""), "without scripts the page reloads itself");
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(fragment, Does.StartWith("<section id=\"live\"").And.Contain("id=\"running-cost\""));
            Assert.That(estimate, Is.Not.Null, "the default tariff prices the running session");
            Assert.That(fragment, Does.Contain("still charging"));
        }
    }

    [Test]
    public async Task Receipt_CompletedSession_DoesNotPoll()
    {
        var html = await _public.GetStringAsync(await ReceiptPathAsync(_data.CurveSession));

        Assert.That(html, Does.Not.Contain("hx-trigger").And.Not.Contain("http-equiv=\"refresh\""));
    }

    [Test]
    public async Task CsvExport_HasTheReceiptUrlOfEachSession()
    {
        var csv = await _data.Server.Http.GetStringAsync("/api/sessions/export.csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var url = (await SessionAsync(_data.CurveSession))["receiptUrl"]!.GetValue<string>();

        Assert.That(lines[0], Does.EndWith(",receiptUrl"));
        Assert.That(lines.Single(l => l.StartsWith($"{_data.CurveSession},", StringComparison.Ordinal)), Does.EndWith("," + url));
    }

    [Test]
    public void MaskIdTag_RevealsAtMostAQuarterAndFour() =>
        Assert.That(new[] { "AB", "DRIVER1", "04A2B3C4D5E6F7A8B9C0" }.Select(Receipt.MaskIdTag),
            Is.EqualTo(new[] { "••••", "••••••1", "••••••••••••••••B9C0" }));

    [Test]
    public void ReceiptToken_Shape_IsChecked()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ReceiptToken.IsWellFormed(ReceiptToken.New()), Is.True);
            Assert.That(ReceiptToken.New(), Is.Not.EqualTo(ReceiptToken.New()));
            Assert.That(ReceiptToken.IsWellFormed("0123456789ABCDEF0123456789ABCDEF"), Is.False);
            Assert.That(ReceiptToken.IsWellFormed("0123"), Is.False);
        }
    }

    private async Task<JsonArray> FeedbackAsync(long id) => await _data.Server.GetJsonAsync<JsonArray>($"/api/sessions/{id}/feedback");

    private static KeyValuePair<string, string>[] Form(string rating, string category, string comment) =>
        [new("rating", rating), new("category", category), new("comment", comment)];

    [Test]
    public async Task Feedback_ThroughTheReceipt_IsStoredAsTheAdminEndpointStoresIt()
    {
        var path = await ReceiptPathAsync(_data.ScriptSession);
        using var driver = new ConsoleClient(_data.Server);

        using var response = await driver.PostFormAsync(path, path + "/feedback", Form("4", "Payment", "  <b>paid fine</b>  "));
        var stored = (await FeedbackAsync(_data.ScriptSession)).Single()!;
        var (_, thanks) = await driver.GetAsync(response.Headers.Location!.ToString());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo(path + "?feedback=thanks#feedback"));
            Assert.That(stored["rating"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(stored["category"]!.GetValue<string>(), Is.EqualTo("Payment"));
            Assert.That(stored["comment"]!.GetValue<string>(), Is.EqualTo("  <b>paid fine</b>  "), "as sent, as the admin endpoint keeps it");
            Assert.That(thanks, Does.Contain("Thank you for your feedback."));
        }
    }

    [Test]
    public async Task Feedback_BeyondTheLimit_Is429AndNotStored()
    {
        var path = await ReceiptPathAsync(_data.ActiveSession);
        using var driver = new ConsoleClient(_data.Server);
        var before = (await FeedbackAsync(_data.ActiveSession)).Count;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < ReceiptEndpoints.FeedbackPerHour + 1 - before; i++)
        {
            using var response = await driver.PostFormAsync(path, path + "/feedback", Form("2", "Reliability", $"try {i}"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("enough feedback for now"));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses[..^1], Is.All.EqualTo(HttpStatusCode.Redirect));
            Assert.That(statuses[^1], Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That((await FeedbackAsync(_data.ActiveSession)).Count, Is.EqualTo(ReceiptEndpoints.FeedbackPerHour));
        }
    }

    [Test]
    public async Task Feedback_WithoutAntiforgeryToken_Is400AndNotStored()
    {
        var path = await ReceiptPathAsync(_data.CurveSession);
        using var driver = new ConsoleClient(_data.Server);
        var before = (await FeedbackAsync(_data.CurveSession)).Count;

        using var response = await driver.PostFormAsync(path, path + "/feedback", Form("5", "Other", ""), withToken: false);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await FeedbackAsync(_data.CurveSession)).Count, Is.EqualTo(before));
    }

    [Test]
    public async Task Feedback_BadRatingAndCategory_Are400BesideTheirFields()
    {
        var path = await ReceiptPathAsync(_data.CurveSession);
        using var driver = new ConsoleClient(_data.Server);
        var before = (await FeedbackAsync(_data.CurveSession)).Count;

        using var response = await driver.PostFormAsync(path, path + "/feedback", Form("9", "<script>", "x"));
        var html = await response.Content.ReadAsStringAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(html, Does.Contain("id=\"rating-error\"").And.Contain("id=\"category-error\""));
            Assert.That(html, Does.Not.Contain("<script>\""));
            Assert.That((await FeedbackAsync(_data.CurveSession)).Count, Is.EqualTo(before));
        }
    }

    [Test]
    public async Task Feedback_UnknownToken_Is404()
    {
        using var driver = new ConsoleClient(_data.Server);
        var path = await ReceiptPathAsync(_data.CurveSession);

        using var response = await driver.PostFormAsync(path, "/receipt/0123456789abcdef0123456789abcdef/feedback", Form("5", "Other", ""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
