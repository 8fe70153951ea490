extern alias sim;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Dapper;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.Webhooks;

/// <summary>
/// Webhook deliveries through the real server on a virtual clock to a real HTTP receiver (docs/webhooks.md): each event
/// type arrives signed; 5xx and timeouts are retried, 4xx is not; a pending delivery survives a restart; a slow receiver
/// never holds up a charger.
/// </summary>
/// <remarks>
/// The tests share one server and its clock. Each subscribes a webhook of its own to a receiver of its own, and deletes it
/// with its deliveries afterwards, so it gets only the events raised while it runs, and reads only its own deliveries. The
/// restart test, and the charger-offline test (whose alert comes on the clock for any charger that left, an earlier
/// test's too), start a server of their own.
/// </remarks>
[CancelAfter(60_000)]
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class WebhookDeliveryTests(TestBackend backend) : SharedServerTests(backend)
{
    private const string Secret = "receiver-shared-secret-0123456789";
    private static readonly string[] OfflineAlertAfterAMinute = ["--charger-offline-alert-after", "00:01:00"];
    private static int _webhooks;

    private VirtualClock _clock = null!;
    private TestServer _server = null!;
    private TestServer? _ownServer;
    private WebhookReceiver _receiver = null!;
    private string _webhookId = null!;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    protected override bool VirtualTime => true;

    protected override string[] ServerArguments => OfflineAlertAfterAMinute;

    [SetUp]
    public async Task StartReceiverAsync()
    {
        _clock = Clock;
        _server = Server;
        _ownServer = null;
        _webhookId = $"receiver-{Interlocked.Increment(ref _webhooks)}";
        _receiver = await WebhookReceiver.StartAsync();
    }

    [TearDown]
    public async Task StopReceiverAsync()
    {
        if (_ownServer is not null)
            await _ownServer.DisposeAsync();
        else
        {
            // Its pending deliveries go with it; a 404 is a test that ended before it subscribed.
            using var deleted = await Server.Http.DeleteAsync($"/api/webhooks/{_webhookId}", CancellationToken.None);
            Assert.That(deleted.StatusCode, Is.AnyOf(System.Net.HttpStatusCode.NoContent, System.Net.HttpStatusCode.NotFound));
        }
        await _receiver.DisposeAsync();
    }

    /// <summary>A server of the test's own, on a clock of its own, for the tests that restart it or that any earlier test's charger would disturb.</summary>
    private async Task StartOwnServerAsync()
    {
        _clock = new VirtualClock();
        _ownServer = await TestServer.StartAsync(Backend, _clock, OfflineAlertAfterAMinute);
        _server = _ownServer;
    }

    [Test]
    public async Task ConnectorFaulted_ArrivesSigned_WithTheFault()
    {
        await SubscribeAsync("connector.faulted");
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-FAULT", ct: Ct);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Available", errorCode = "NoError" }, Ct);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "GroundFailure", info = "RCD tripped" }, Ct);

        var received = await _receiver.NextAsync(Ct);
        AssertSigned(received, "connector.faulted");
        Assert.That((Text(received.Data, "chargePointId"), received.Data["connectorId"]!.GetValue<int>(), Text(received.Data, "errorCode"), Text(received.Data, "info")),
            Is.EqualTo(("CP-WH-FAULT", 1, "GroundFailure", "RCD tripped")));
        Assert.That(_receiver.Count, Is.EqualTo(1), "Available raised nothing");
    }

    [Test]
    public async Task AnomalyDetected_AtClose_ArrivesSigned_WithTheSessionsAnomalies()
    {
        await SubscribeAsync("anomaly.detected");
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-ANOMALY", ct: Ct);
        var now = _clock.GetUtcNow();
        var transactionId = (await charger.CallAsync("StartTransaction",
            new { connectorId = 1, idTag = "TAG-WH", meterStart = 5000, timestamp = now.AddMinutes(-30) }, Ct))["transactionId"]!.ToObject<long>();
        await charger.CallAsync("StopTransaction", new { transactionId, meterStop = 5000, timestamp = now }, Ct);

        var received = await _receiver.NextAsync(Ct);
        AssertSigned(received, "anomaly.detected");
        Assert.That((received.Data["transactionId"]!.GetValue<long>(), Text(received.Data, "chargePointId")), Is.EqualTo((transactionId, "CP-WH-ANOMALY")));
        Assert.That(received.Data["anomalies"]!.AsArray().Select(a => Text(a!, "code")), Does.Contain("ZeroEnergy"));
    }

    [Test]
    public async Task FeedbackLow_ThroughTheAdminApi_ArrivesSigned_AndAGoodRatingRaisesNothing()
    {
        await SubscribeAsync("feedback.low");
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-FEEDBACK", ct: Ct);
        var transactionId = (await charger.CallAsync("StartTransaction",
            new { connectorId = 2, idTag = "TAG-WH", meterStart = 0, timestamp = _clock.GetUtcNow() }, Ct))["transactionId"]!.ToObject<long>();
        (await _server.Http.PostAsJsonAsync($"/api/sessions/{transactionId}/feedback", new { rating = 5, category = "Signage" }, Ct)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync($"/api/sessions/{transactionId}/feedback",
            new { rating = 2, category = "ChargingSpeed", comment = "slow" }, Ct)).EnsureSuccessStatusCode();

        var received = await _receiver.NextAsync(Ct);
        AssertSigned(received, "feedback.low");
        Assert.That((received.Data["transactionId"]!.GetValue<long>(), Text(received.Data, "chargePointId"), received.Data["rating"]!.GetValue<int>(),
            Text(received.Data, "category")), Is.EqualTo((transactionId, "CP-WH-FEEDBACK", 2, "ChargingSpeed")));
        Assert.That(_receiver.Count, Is.EqualTo(1), "the rating of 5 raised nothing");
    }

    [Test]
    public async Task FeedbackLow_ThroughTheReceiptForm_ArrivesSigned()
    {
        await SubscribeAsync("feedback.low");
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-RECEIPT", ct: Ct);
        var transactionId = (await charger.CallAsync("StartTransaction",
            new { connectorId = 1, idTag = "TAG-WH", meterStart = 0, timestamp = _clock.GetUtcNow() }, Ct))["transactionId"]!.ToObject<long>();
        var receipt = (await _server.GetJsonAsync<JsonObject>($"/api/sessions/{transactionId}"))["receiptUrl"]!.GetValue<string>();
        using var driver = new ConsoleClient(_server);
        using var posted = await driver.PostFormAsync(receipt, receipt + "/feedback",
            [new("rating", "1"), new("category", "Reliability"), new("comment", "stopped twice")]);
        Assert.That(posted.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));

        var received = await _receiver.NextAsync(Ct);
        AssertSigned(received, "feedback.low");
        Assert.That((received.Data["transactionId"]!.GetValue<long>(), received.Data["rating"]!.GetValue<int>(), Text(received.Data, "comment")),
            Is.EqualTo((transactionId, 1, "stopped twice")));
    }

    [Test]
    public async Task HandshakeRefused_ABurstOfFive_ArrivesOnceSigned()
    {
        await SubscribeAsync("handshake.refused");
        (await _server.Http.PutAsJsonAsync("/api/chargepoints/CP-WH-REFUSED", new { password = "the-right-password-1" }, Ct)).EnsureSuccessStatusCode();
        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAsync<WebSocketException>(() => Chargers.ConnectAsync(_server, "CP-WH-REFUSED", "wrong-password", Ct));
        // Four refusals are not a burst; the writer has stored them once a later write is answered.
        (await _server.Http.PutAsJsonAsync("/api/chargepoints/CP-WH-OTHER", new { }, Ct)).EnsureSuccessStatusCode();
        var beforeBurst = _receiver.Count;
        await Assert.ThrowsAsync<WebSocketException>(() => Chargers.ConnectAsync(_server, "CP-WH-REFUSED", "wrong-password", Ct));
        await Assert.ThrowsAsync<WebSocketException>(() => Chargers.ConnectAsync(_server, "CP-WH-REFUSED", null, Ct));

        var received = await _receiver.NextAsync(Ct);
        AssertSigned(received, "handshake.refused");
        Assert.That((beforeBurst, Text(received.Data, "chargePointId"), received.Data["refusals"]!.GetValue<int>(), Text(received.Data, "lastReason")),
            Is.EqualTo((0, "CP-WH-REFUSED", 5, "WrongPassword")));
        Assert.That((await DeliveriesAsync())["total"]!.GetValue<int>(), Is.EqualTo(1), "the sixth refusal is inside the window already reported");
    }

    [Test]
    public async Task ChargerOffline_LongerThanTheThreshold_ArrivesSigned()
    {
        await StartOwnServerAsync();
        await SubscribeAsync("charger.offline");
        var charger = await Chargers.BootAsync(_server, "CP-WH-GONE", ct: Ct);
        Assert.That(_server.GetService<ChargerRegistry>().TryGet("CP-WH-GONE", out var connection), Is.True);
        await charger.CloseAsync(Ct);
        await connection.Departed.WaitAsync(Ct);
        var disconnectedAt = _clock.GetUtcNow();

        var received = await _clock.RunAsync(_receiver.NextAsync(Ct));
        AssertSigned(received, "charger.offline");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((Text(received.Data, "chargePointId"), Text(received.Data, "reason")), Is.EqualTo(("CP-WH-GONE", "ClosedByCharger")));
            Assert.That(DateTimeOffset.Parse(Text(received.Json, "occurredAt")!, System.Globalization.CultureInfo.InvariantCulture) - disconnectedAt,
                Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(1)));
        }
    }

    [Test]
    public async Task Receiver500_ThenRecovering_GetsTheSameSignedEventAgain_Delivered()
    {
        await SubscribeAsync("connector.faulted");
        var answers = new Queue<int>([500, 200]);
        _receiver.Respond = (_, _) => Task.FromResult(answers.Dequeue());
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-RETRY", ct: Ct);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "OverVoltage" }, Ct);

        var first = await _receiver.NextAsync(Ct);
        var second = await _clock.RunAsync(_receiver.NextAsync(Ct));
        var delivery = await EventuallyAsync(d => Text(d, "outcome") == "Delivered");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Body, Is.EqualTo(first.Body), "the same event, byte for byte");
            AssertSigned(second, "connector.faulted");
            Assert.That((delivery["attempts"]!.GetValue<int>(), delivery["statusCode"]!.GetValue<int>()), Is.EqualTo((2, 200)));
            Assert.That(delivery["nextAttemptAt"], Is.Null);
        }
    }

    [Test]
    public async Task ManyEvents_SentSideBySide_EachReachesTheReceiverOnce()
    {
        // Several sends finish while the worker reads the outbox: a read begun before a send's outcome was recorded still
        // shows that delivery Pending, and must not send it again.
        const int events = 40;
        await SubscribeAsync("connector.faulted");
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-MANY", ct: Ct);
        for (var i = 0; i < events; i++)
        {
            await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Available", errorCode = "NoError" }, Ct);
            await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "GroundFailure", info = $"fault {i}" }, Ct);
        }
        // Polling a condition, not sleeping for an outcome: CancelAfter ends a wait that never comes true.
        while ((await _server.GetJsonAsync<JsonObject>($"/api/webhooks/{_webhookId}/deliveries?outcome=Delivered&limit=1"))["total"]!.GetValue<long>() < events)
            await Task.Delay(20, Ct);
        // One more, raised after every earlier send was recorded: a second send of an earlier event began before it.
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Available", errorCode = "NoError" }, Ct);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "GroundFailure", info = "last" }, Ct);

        var received = new List<string>();
        while (received.LastOrDefault() != "last")
            received.Add(Text((await _receiver.NextAsync(Ct)).Data, "info")!);
        Assert.That(received, Is.Unique, "each event once");
        Assert.That(received, Has.Count.EqualTo(events + 1));
    }

    [Test]
    public async Task Receiver4xx_IsRecordedFailed_AndNotTriedAgain()
    {
        await SubscribeAsync("connector.faulted");
        _receiver.Respond = (received, _) => Task.FromResult(received.Data["errorCode"]!.GetValue<string>() == "OverVoltage" ? 410 : 200);
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-GONE410", ct: Ct);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "OverVoltage" }, Ct);
        await _receiver.NextAsync(Ct);
        var failed = await EventuallyAsync(d => Text(d, "outcome") == "Failed");

        // A retry would be due long before this; a later event's delivery shows the worker has run past it.
        _clock.Advance(TimeSpan.FromHours(2));
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "UnderVoltage" }, Ct);
        var later = await _receiver.NextAsync(Ct);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((failed["attempts"]!.GetValue<int>(), failed["statusCode"]!.GetValue<int>()), Is.EqualTo((1, 410)));
            Assert.That(failed["nextAttemptAt"], Is.Null);
            Assert.That(Text(later.Data, "errorCode"), Is.EqualTo("UnderVoltage"));
            Assert.That(_receiver.Count, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task PendingDelivery_OverARestart_IsDeliveredAfterIt()
    {
        await StartOwnServerAsync();
        await SubscribeAsync("connector.faulted");
        var answers = new Queue<int>([503, 200]);
        _receiver.Respond = (_, _) => Task.FromResult(answers.Dequeue());
        var charger = await Chargers.BootAsync(_server, "CP-WH-RESTART", ct: Ct);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "HighTemperature" }, Ct);
        var first = await _receiver.NextAsync(Ct);
        var pending = await EventuallyAsync(d => d["attempts"]!.GetValue<int>() == 1);
        Assert.That((Text(pending, "outcome"), pending["statusCode"]!.GetValue<int>()), Is.EqualTo(("Pending", 503)));
        Assert.That(pending["nextAttemptAt"], Is.Not.Null, "the next attempt's time is stored");
        await charger.DisposeAsync();

        await _clock.RunAsync(_server.RestartAsync());
        var second = await _clock.RunAsync(_receiver.NextAsync(Ct));
        var delivered = await EventuallyAsync(d => Text(d, "outcome") == "Delivered");
        Assert.That((second.Body, delivered["attempts"]!.GetValue<int>()), Is.EqualTo((first.Body, 2)));
    }

    [Test]
    public async Task SlowReceiver_NeverDelaysTheChargersAnswers_AndTimesOutAfter10Seconds()
    {
        await SubscribeAsync("connector.faulted");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Respond = async (_, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return 200;
        };
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-SLOW", ct: Ct);
        string[] faults = ["GroundFailure", "OverVoltage", "UnderVoltage", "HighTemperature", "PowerMeterFailure", "ConnectorLockFailure"];
        foreach (var errorCode in faults)
            await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode }, Ct);
        await charger.CallAsync("Heartbeat", new { }, Ct);

        // Every call above was answered while the receiver held the first request; the webhook has its bound in flight, no more.
        for (var i = 0; i < 4; i++)
            await _receiver.NextAsync(Ct);
        var pending = (await DeliveriesAsync())["items"]!.AsArray();
        Assert.That((gate.Task.IsCompleted, pending.Count, pending.All(d => Text(d!, "outcome") == "Pending"), _receiver.Count),
            Is.EqualTo((false, faults.Length, true, 4)));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var timedOut = await EventuallyAsync(d => Text(d, "error") is { } error && error.Contains("no answer within 10 s", StringComparison.Ordinal));
        Assert.That((Text(timedOut, "outcome"), timedOut["statusCode"] is null), Is.EqualTo(("Pending", true)));
        gate.SetResult();
    }

    [Test]
    public async Task DeliveredEvents_OlderThan30Days_ArePruned()
    {
        await SubscribeAsync("connector.faulted");
        await using var charger = await Chargers.BootAsync(_server, "CP-WH-PRUNE", ct: Ct);
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "WeakSignal" }, Ct);
        await _receiver.NextAsync(Ct);
        await EventuallyAsync(d => Text(d, "outcome") == "Delivered");

        _clock.Advance(TimeSpan.FromDays(29));
        await charger.CallAsync("StatusNotification", new { connectorId = 1, status = "Faulted", errorCode = "OtherError" }, Ct);
        await _receiver.NextAsync(Ct);
        // Recorded before the clock jumps, or the jump would time the request out.
        while ((await DeliveriesAsync())["items"]!.AsArray().Count(d => Text(d!, "outcome") == "Delivered") != 2)
            await Task.Delay(20, Ct);
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(2));
        while ((await DeliveriesAsync())["total"]!.GetValue<int>() != 1)
            await Task.Delay(20, Ct); // polling the condition; CancelAfter ends a wait that never comes true

        var left = (await DeliveriesAsync())["items"]!.AsArray().Single()!;
        Assert.That(Text(left, "outcome"), Is.EqualTo("Delivered"));
        await using var connection = _server.GetService<OcppCentral.Storage.Database>().Open();
        Assert.That(connection.Query<string>("SELECT body FROM webhook_events"),
            Has.Exactly(1).Contains("OtherError"), "the event 30 days and 2 hours old went; the one 1 day and 2 hours old stayed");
    }

    private async Task SubscribeAsync(params string[] eventTypes) =>
        (await _server.Http.PutAsJsonAsync($"/api/webhooks/{_webhookId}", new { url = _receiver.Url, secret = Secret, eventTypes }, Ct)).EnsureSuccessStatusCode();

    private async Task<JsonObject> DeliveriesAsync() => await _server.GetJsonAsync<JsonObject>($"/api/webhooks/{_webhookId}/deliveries");

    /// <summary>The first delivery that comes to satisfy <paramref name="condition"/>: the worker records an attempt just after the receiver answers.</summary>
    private async Task<JsonNode> EventuallyAsync(Func<JsonNode, bool> condition)
    {
        while (true)
        {
            var match = (await DeliveriesAsync())["items"]!.AsArray().FirstOrDefault(d => condition(d!));
            if (match is not null)
                return match;
            // Polling a condition, not sleeping for an outcome: CancelAfter ends a wait that never comes true.
            await Task.Delay(20, Ct);
        }
    }

    private static void AssertSigned(ReceivedWebhook received, string type)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.IsSignedWith(Secret), Is.True, $"signature {received.Signature}");
            Assert.That(received.IsSignedWith(Secret + "x"), Is.False);
            Assert.That(received.Type, Is.EqualTo(type));
            Assert.That(received.ContentType, Does.StartWith("application/json"));
            Assert.That(Guid.TryParse(Text(received.Json, "id"), out _), Is.True);
            Assert.That(Text(received.Json, "occurredAt"), Does.EndWith("Z"));
        }
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();
}
