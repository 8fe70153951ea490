using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OcppCentral.Admin;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Web;

namespace OcppCentral.Tests.Console;

/// <summary>Wrong admin keys are limited per remote address: console sign-in and X-API-Key together, 429 with Retry-After.</summary>
[CancelAfter(60_000)]
public class KeyAttemptLimitTests
{
    private const string Key = "limit-test-key";

    private static Task<TestServer> StartAsync(FakeTimeProvider time) =>
        TestServer.StartAsync(time, "--admin-key", Key, "--Console:KeyFailuresAllowed", "3", "--Console:KeyFailureWindow", "00:10:00");

    private static async Task<HttpResponseMessage> ApiAsync(TestServer server, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/chargepoints");
        request.Headers.Add("X-API-Key", key);
        return await server.Http.SendAsync(request);
    }

    [Test]
    public async Task ApiKey_WrongBeyondTheLimit_Is429WithRetryAfterUntilTheWindowEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(time);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await ApiAsync(server, $"guess-{i}");
            statuses.Add(wrong.StatusCode);
        }
        using var rightWhileLimited = await ApiAsync(server, Key);
        var retryAfter = rightWhileLimited.Headers.RetryAfter?.Delta;
        time.Advance(TimeSpan.FromMinutes(10));
        using var rightAfter = await ApiAsync(server, Key);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
            Assert.That(rightWhileLimited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "even the right key, so a guess tells nothing");
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(await rightWhileLimited.Content.ReadAsStringAsync(), Does.Contain("Too many wrong admin keys").And.Not.Contain(Key));
            Assert.That(rightAfter.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task ApiKey_Missing_DoesNotCount()
    {
        await using var server = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        for (var i = 0; i < 5; i++)
        {
            using var none = await server.Http.GetAsync("/api/chargepoints");
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var right = await ApiAsync(server, Key);

        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SignIn_WrongKeysBeyondTheLimit_AreRefused429AndCountWithTheApi()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(time);
        using var client = new ConsoleClient(server);
        using (var api = await ApiAsync(server, "guess-0"))
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        for (var i = 1; i < 3; i++)
        {
            using var wrong = await client.PostFormAsync("/sign-in", "/sign-in", [new("key", $"guess-{i}"), new("returnUrl", "/")]);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var right = await client.PostFormAsync("/sign-in", "/sign-in", [new("key", Key), new("returnUrl", "/")]);
        var page = await right.Content.ReadAsStringAsync();
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var later = await client.PostFormAsync("/sign-in", "/sign-in", [new("key", Key), new("returnUrl", "/")]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(right.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(page, Does.Contain("Too many wrong keys"));
            Assert.That(right.Headers.Contains("Set-Cookie") && right.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ChargeMonitor.Console=")), Is.False);
            Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in once the window has passed");
        }
    }

    [Test]
    public void Limiter_ManyAddresses_StaysBounded()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limiter = new KeyAttemptLimiter(Options.Create(new ConsoleOptions { KeyFailuresAllowed = 1 }), time);
        for (var i = 0; i < KeyAttemptLimiter.MaxAddresses + 50; i++)
        {
            limiter.Failed(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
        var newest = new IPAddress(BitConverter.GetBytes(0x0A000000 + KeyAttemptLimiter.MaxAddresses + 49));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limiter.Count, Is.EqualTo(KeyAttemptLimiter.MaxAddresses));
            Assert.That(limiter.RetryAfter(newest), Is.Not.Null, "the newest address is still limited");
        }
    }

    [Test]
    public void Limiter_IPv4MappedAddress_IsTheSameClient()
    {
        var limiter = new KeyAttemptLimiter(Options.Create(new ConsoleOptions { KeyFailuresAllowed = 2 }), new FakeTimeProvider(DateTimeOffset.UtcNow));
        limiter.Failed(IPAddress.Parse("192.0.2.7"));
        limiter.Failed(IPAddress.Parse("::ffff:192.0.2.7"));

        Assert.That(limiter.RetryAfter(IPAddress.Parse("192.0.2.7")), Is.Not.Null);
    }
}
