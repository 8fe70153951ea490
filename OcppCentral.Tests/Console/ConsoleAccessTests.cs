using System.Net;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Console;

/// <summary>
/// Sign-in with the admin key, the cookie, antiforgery, sign-out; and loopback-only without a key. The tests with a key
/// share one server: each signs in with a client (and cookies) of its own.
/// </summary>
[CancelAfter(60_000)]
public class ConsoleAccessTests : SharedServerTests
{
    private const string Key = "console-test-key";

    protected override string[] ServerArguments => ["--admin-key", Key];

    [Test]
    public async Task Page_NotSignedIn_RedirectsToSignInWithReturnUrl()
    {
        var server = Server;
        using var client = new ConsoleClient(server);

        using var response = await client.Http.GetAsync("/sessions?status=Active");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/sign-in?returnUrl=%2Fsessions%3Fstatus%3DActive"));
    }

    [Test]
    public async Task SignIn_WrongKey_Is401WithoutCookie()
    {
        var server = Server;
        using var client = new ConsoleClient(server);

        using var response = await client.PostFormAsync("/sign-in", "/sign-in", [new("key", "wrong"), new("returnUrl", "/")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("That is not the admin key."));
        Assert.That(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ChargeMonitor.Console=")), Is.False);
    }

    [Test]
    public async Task SignIn_RightKey_SetsHttpOnlyStrictCookieAndOpensTheConsole()
    {
        var server = Server;
        using var client = new ConsoleClient(server);

        using var response = await client.PostFormAsync("/sign-in", "/sign-in", [new("key", Key), new("returnUrl", "/tariffs")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/tariffs"));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ChargeMonitor.Console="));
        Assert.That(cookie.ToLowerInvariant(), Does.Contain("httponly").And.Contain("samesite=strict"));
        Assert.That(cookie, Does.Not.Contain(Key));
        var (status, html) = await client.GetAsync("/tariffs");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Sign out"));
    }

    [Test]
    public async Task SignIn_ReturnUrlToAnotherSite_GoesToTheOverview()
    {
        var server = Server;
        using var client = new ConsoleClient(server);

        using var response = await client.PostFormAsync("/sign-in", "/sign-in", [new("key", Key), new("returnUrl", "//evil.example/")]);

        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/"));
    }

    [Test]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        var server = Server;
        using var client = new ConsoleClient(server);

        using var response = await client.PostFormAsync("/sign-in", "/sign-in", [new("key", Key)], withToken: false);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Form_SignedInWithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        var server = Server;
        using var client = new ConsoleClient(server);
        await client.SignInAsync(Key);

        using var response = await client.PostFormAsync("/tariffs/new", "/tariffs/save",
            [new("isNew", "1"), new("id", "forged"), new("name", "F"), new("currency", "SEK"), new("timeZone", "UTC"),
             new("energyPrice", "1"), new("taxPercent", "0")], withToken: false);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var lookup = new HttpRequestMessage(HttpMethod.Get, "/api/tariffs/forged");
        lookup.Headers.Add("X-API-Key", Key);
        using var tariff = await server.Http.SendAsync(lookup);
        Assert.That(tariff.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task SignOut_ThenAPage_RedirectsToSignIn()
    {
        var server = Server;
        using var client = new ConsoleClient(server);
        await client.SignInAsync(Key);

        using var signOut = await client.PostFormAsync("/", "/sign-out", []);
        using var after = await client.Http.GetAsync("/");

        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.Headers.Location!.ToString(), Does.StartWith("/sign-in"));
    }

    [Test]
    public async Task Overview_NoKeyConfigured_AnswersLoopbackWithoutSignIn()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new ConsoleClient(server);

        var (status, html) = await client.GetAsync("/");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("<h1>Overview</h1>").And.Contain("hx-trigger=\"every 5s\""));
    }

    [Test]
    public async Task HtmxRefresh_AfterSignInRanOut_TellsHtmxToGoToSignIn()
    {
        var server = Server;
        using var client = new ConsoleClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/overview/live");
        request.Headers.Add("HX-Request", "true");

        using var response = await client.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.GetValues("HX-Redirect").Single(), Does.StartWith("/sign-in"));
    }

    [TestCase("/lib/htmx/htmx.min.js")]
    [TestCase("/lib/htmx/LICENSE.txt")]
    [TestCase("/lib/uplot/uPlot.iife.min.js")]
    [TestCase("/lib/uplot/LICENSE.txt")]
    [TestCase("/lib/chartjs/chart.umd.min.js")]
    [TestCase("/lib/chartjs/LICENSE.md")]
    [TestCase("/js/console.js")]
    [TestCase("/css/console.css")]
    public async Task StaticFile_IsServedFromTheServer(string path)
    {
        var server = Server;

        using var response = await server.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
