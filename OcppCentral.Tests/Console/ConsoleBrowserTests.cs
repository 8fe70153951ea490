using OcppCentral.Tests.TestSupport;
using OpenQA.Selenium;

namespace OcppCentral.Tests.Console;

/// <summary>
/// The console in real headless Chromium against the real server filled by a simulated charger: sign in, a session's
/// drawn curve and bill, a tariff fixed after a validation error, a what-if, a command and its outcome.
/// The fixture drives the run's shared browser (<see cref="HeadlessChromium.Shared"/>) and runs beside the other fixtures.
/// </summary>
[CancelAfter(180_000)]
public class ConsoleBrowserTests
{
    private ConsoleData _data = null!;
    private HeadlessChromium _chromium = null!;

    private IWebDriver Web => _chromium.Web;

    private string Url(string path) => new Uri(_data.Server.BaseUri, path).ToString();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        HeadlessChromium.RequireInstalled();
        _data = await ConsoleData.StartAsync();
        _chromium = await HeadlessChromium.AcquireSharedAsync(TestContext.CurrentContext.CancellationToken);
        SignIn();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_chromium is not null)
            HeadlessChromium.ReleaseShared();
        if (_data is not null)
            await _data.DisposeAsync();
    }

    private void SignIn()
    {
        Web.Navigate().GoToUrl(Url("/"));
        _chromium.WaitFor(By.Id("key"));
        _chromium.Screenshot("sign-in");
        Web.FindElement(By.Id("key")).SendKeys(ConsoleData.Key + Keys.Enter);
        _chromium.WaitFor(By.Id("live"));
    }

    [Test]
    public void Overview_AfterSignIn_ShowsTheChargerAndRefreshesItself()
    {
        Web.Navigate().GoToUrl(Url("/"));
        var stamp = _chromium.WaitFor(By.CssSelector("#live time")).GetAttribute("datetime");
        Assert.That(Web.FindElement(By.Id("live")).Text, Does.Contain("CP-A").And.Contain("DRIVER2"));
        _chromium.Screenshot("overview");

        // htmx polls every 5 seconds and swaps the live part in place.
        var refreshed = _chromium.WaitFor(By.CssSelector("#live time"), t => t.GetAttribute("datetime") != stamp, seconds: 20);
        Assert.That(refreshed.GetAttribute("datetime"), Is.Not.EqualTo(stamp));
    }

    [Test]
    public void SessionPage_DrawsTheCurveWithItsPointsAndShowsTheBillTotal()
    {
        Web.Navigate().GoToUrl(Url($"/sessions/{_data.CurveSession}"));

        var curve = _chromium.WaitFor(By.Id("curve"), c => c.GetAttribute("data-drawn") is not null);
        Assert.That(curve.GetAttribute("data-drawn"), Is.EqualTo(ConsoleData.Readings.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(curve.FindElements(By.TagName("canvas")), Is.Not.Empty);
        Assert.That(Web.FindElement(By.Id("bill-total")).Text, Does.EndWith(" SEK"));
        Assert.That(Web.PageSource, Does.Not.Contain(ConsoleData.ScriptComment));
        Assert.That(Web.FindElement(By.CssSelector("q.comment")).Text, Is.EqualTo(ConsoleData.ScriptComment));
        _chromium.Screenshot("session");
    }

    [Test]
    public void Tariff_ValidationErrorFixed_IsSaved()
    {
        Web.Navigate().GoToUrl(Url("/tariffs/new"));
        Fill("f-id", "evening");
        Fill("f-name", "Evening");
        Fill("f-currency", "SEK");
        Fill("f-timeZone", "Europe/Stockholm");
        Fill("f-energyPrice", "3,20");
        Fill("f-taxPercent", "25");
        Web.FindElement(By.CssSelector("form[action='/tariffs/save'] button[type=submit]")).Click();

        var error = _chromium.WaitFor(By.Id("f-energyPrice-error"));
        Assert.That(error.Text, Does.Contain("is not a number"));
        Assert.That(Web.FindElement(By.Id("f-energyPrice")).GetAttribute("aria-describedby"), Is.EqualTo("f-energyPrice-error"));
        _chromium.Screenshot("tariff-error");

        Fill("f-energyPrice", "3.20");
        Web.FindElement(By.CssSelector("form[action='/tariffs/save'] button[type=submit]")).Click();

        var saved = _chromium.WaitFor(By.CssSelector("p.outcome"));
        Assert.That(saved.Text, Does.Contain("Tariff evening saved"));
        Assert.That(Web.FindElement(By.Id("tariffs")).Text, Does.Contain("Evening"));
    }

    [Test]
    public void WhatIf_CandidateTariff_DrawsActualAgainstCandidate()
    {
        Web.Navigate().GoToUrl(Url("/tariffs/what-if"));
        Fill("f-from", "2026-11-01");
        Fill("f-to", "2026-11-30");
        Fill("f-energyPrice", "1.90");
        Web.FindElement(By.CssSelector("form[action='/tariffs/what-if'] button[type=submit]")).Click();

        var chart = _chromium.WaitFor(By.Id("whatif-chart"), c => c.GetAttribute("data-drawn") is not null);
        Assert.That(chart.GetAttribute("data-drawn"), Is.EqualTo("2"), "CP-A and all chargers");
        Assert.That(Web.FindElement(By.Id("whatif-table")).Text, Does.Contain("All chargers"));
        ((IJavaScriptExecutor)Web).ExecuteScript("document.getElementById('result').scrollIntoView()");
        _chromium.Screenshot("what-if");
    }

    [Test]
    public void Command_ResetConfirmed_ShowsTheChargersAnswer()
    {
        _data.Charger.ServerCallHandler = call => Task.FromResult<object>(new { status = "Accepted" });
        Web.Navigate().GoToUrl(Url("/chargers/CP-A"));
        Web.FindElement(By.CssSelector("form[action$='/commands/Reset'] button")).Click();

        var yes = _chromium.WaitFor(By.XPath("//button[contains(., 'Yes, send Reset')]"));
        _chromium.Screenshot("command-confirm");
        yes.Click();

        var outcome = _chromium.WaitFor(By.Id("command-outcome"));
        Assert.That(outcome.Text, Does.Contain("Reset").And.Contain("answered").And.Contain("Accepted"));
        _chromium.Screenshot("charger");
    }

    [Test]
    public void Reports_DrawsTheDailyCharts()
    {
        Web.Navigate().GoToUrl(Url("/reports?from=2026-11-20&to=2026-11-30"));

        var charts = Web.FindElements(By.CssSelector("[data-chart]"));
        Assert.That(charts, Has.Count.EqualTo(4));
        _chromium.WaitFor(By.CssSelector("[data-chart]"), c => c.GetAttribute("data-drawn") == "10");
        _chromium.Screenshot("reports");
    }

    [Test]
    public void FeedbackPage_DrawsCountsOverTimeAndListsTheChargerWithOneLowRating()
    {
        Web.Navigate().GoToUrl(Url("/feedback"));

        foreach (var id in new[] { "feedback-category-chart", "feedback-rating-chart" })
        {
            var chart = _chromium.WaitFor(By.Id(id), c => c.GetAttribute("data-drawn") is not null);
            Assert.That(chart.GetAttribute("data-drawn"), Is.EqualTo("30"), id + ": one bar per day of the last 30");
            Assert.That(chart.FindElements(By.TagName("canvas")), Is.Not.Empty, id);
        }
        Assert.That(Web.FindElement(By.Id("low-chargers")).Text, Does.Contain("CP-A: 1 low rating"));
        _chromium.Screenshot("feedback");
    }

    [Test]
    public void ChargerPage_DrawsItsDailyCharts()
    {
        Web.Navigate().GoToUrl(Url("/chargers/CP-A"));

        foreach (var id in new[] { "charger-sessions-chart", "charger-energy-chart", "charger-revenue-chart", "charger-utilization-chart" })
        {
            var chart = _chromium.WaitFor(By.Id(id), c => c.GetAttribute("data-drawn") is not null);
            Assert.That(chart.GetAttribute("data-drawn"), Is.EqualTo("30"), id);
        }
    }

    [Test]
    public async Task Receipt_InHeadlessChromium_DrawsTheCurveAndShowsTheTotal()
    {
        var session = await _data.Server.GetJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/sessions/{_data.CurveSession}");
        Web.Navigate().GoToUrl(Url(session["receiptUrl"]!.GetValue<string>()));

        var curve = _chromium.WaitFor(By.Id("curve"), c => c.GetAttribute("data-drawn") is not null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(curve.GetAttribute("data-drawn"), Is.EqualTo(ConsoleData.Readings.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(curve.FindElements(By.TagName("canvas")), Is.Not.Empty);
            Assert.That(Web.FindElement(By.Id("receipt-total")).Text,
                Is.EqualTo(session["cost"]!["total"]!.GetValue<decimal>().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " SEK"));
            Assert.That(Web.FindElements(By.CssSelector("a[href^='/sessions'], a[href^='/chargers'], nav")), Is.Empty, "no way into the console");
        }
        _chromium.Screenshot("receipt", "receipts");
    }

    [Test]
    public void Overview_AtPhoneWidth_NeedsNoSidewaysScrollOfThePage()
    {
        // The shared browser, narrowed to a phone's width and signed out, signs in as a phone would.
        _chromium.Reset();
        _chromium.Resize(390, 844);
        try
        {
            Web.Navigate().GoToUrl(Url("/sign-in"));
            _chromium.WaitFor(By.Id("key")).SendKeys(ConsoleData.Key + Keys.Enter);
            _chromium.WaitFor(By.Id("live"));

            var overflow = (long)((IJavaScriptExecutor)Web).ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")!;
            Assert.That(overflow, Is.LessThanOrEqualTo(0));
            _chromium.Screenshot("overview-phone");
        }
        finally
        {
            _chromium.Resize(HeadlessChromium.Width, HeadlessChromium.Height);
        }
    }

    private void Fill(string id, string value)
    {
        var input = Web.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(value);
    }
}
