using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Admission;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Health;

/// <summary>
/// Retention in virtual time (docs/charger-health.md): the hourly pass on the server's clock deletes the frames older
/// than <c>--message-log-days</c> and keeps the rest.
/// </summary>
[CancelAfter(60_000)]
public class MessageLogRetentionTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Retention_FramesOlderThanTheDays_ArePrunedByTheHourlyPass_NewerOnesStay()
    {
        var clock = new VirtualClock();
        await using var server = await TestServer.StartAsync(clock, "--message-log", "true", "--message-log-days", "2");
        var retention = server.GetService<MessageLogRetention>();
        await using var charger = await Chargers.BootAsync(server, "CP-MLR", ct: Ct);
        // Once this heartbeat is answered the server has read the answer to its display read after the boot
        // (docs/charger-display.md), so moving the clock cannot time that call out.
        await charger.CallAsync("Heartbeat", new { }, Ct);
        var booted = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromDays(1));
        await charger.CallAsync("Heartbeat", new { }, Ct);
        await FlushAsync(server);
        var before = await DescribedAsync(server);

        // Two days and an hour after the boot: the boot's frames are past the two days, the heartbeat's are not.
        clock.Advance(TimeSpan.FromDays(1) + MessageLogRetention.Interval);
        await retention.PrunedAsync(booted + MessageLogRetention.Interval, Ct);
        var after = await DescribedAsync(server);

        using (Assert.EnterMultipleScope())
        {
            // After a boot the server reads the charger's display configuration (docs/charger-display.md).
            Assert.That(before, Is.EqualTo(new[] { "In Call BootNotification", "Out CallResult BootNotification", "Out Call GetConfiguration", "In CallResult GetConfiguration",
                "In Call Heartbeat", "Out CallResult Heartbeat", "In Call Heartbeat", "Out CallResult Heartbeat" }));
            Assert.That(after, Is.EqualTo(new[] { "In Call Heartbeat", "Out CallResult Heartbeat" }));
        }
    }

    [Test]
    public async Task Start_MessageLogDaysOutOfRange_FailsWithOneLineReason()
    {
        var path = TempDatabase.NewPath();
        await using var app = Program.Build(["--urls", "http://127.0.0.1:0", "--database", path, "--message-log-days", "0"]);

        var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(app));

        Assert.That(ex!.Message, Does.Contain("--message-log-days").And.Not.Contain("\n"));
        TempDatabase.Delete(path);
    }

    private static async Task<List<string>> DescribedAsync(TestServer server) =>
        (await server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-MLR/messages"))["items"]!.AsArray()
        .Select(m => MessageLogTests.Describe(m!.AsObject())).Reverse().ToList();

    private static async Task FlushAsync(TestServer server) =>
        (await server.Http.PutAsync("/api/chargepoints/CP-MLR", new StringContent("{}", Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
}
