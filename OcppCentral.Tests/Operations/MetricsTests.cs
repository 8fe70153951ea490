extern alias sim;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using sim::OcppCentral.Protocol;

namespace OcppCentral.Tests.Operations;

/// <summary>
/// docs/observability.md: /metrics through the real server after a known sequence of simulator messages, read as a
/// Prometheus server reads it. The fixture's server serves this test class alone, so every count is exact.
/// </summary>
[CancelAfter(60_000)]
public class MetricsTests : SharedServerTests
{
    private const string Key = "s3cret";

    protected override string[] ServerArguments => ["--admin-key", Key];

    [Test]
    public async Task Scrape_AfterAKnownSequence_CountsEachMessageOutcomeFrameHandshakeAndSession()
    {
        await using (var charger = await Chargers.BootAsync(Server, "CP-METRICS-1"))
        {
            await charger.CallAsync("Heartbeat", new { });
            await charger.CallAsync("Heartbeat", new { });
            var start = await charger.CallAsync("StartTransaction",
                new { connectorId = 1, idTag = "DRIVER1", meterStart = 1000, timestamp = "2026-11-24T14:40:00Z" });
            var transactionId = (long)start["transactionId"]!;
            await charger.CallAsync("MeterValues", new
            {
                connectorId = 1, transactionId,
                meterValue = new[] { new { timestamp = "2026-11-24T15:00:00Z", sampledValue = new[] { new { value = "6000", measurand = "Energy.Active.Import.Register", unit = "Wh" } } } },
            });
            var duringSession = await ScrapeAsync();
            await charger.CallAsync("StopTransaction", new { transactionId, meterStop = 11000, timestamp = "2026-11-24T15:40:00Z", reason = "EVDisconnected" });

            var missingMeterStart = await charger.SendRawAsync(
                """[2,"m1","StartTransaction",{"connectorId":1,"idTag":"A","timestamp":"2026-11-24T14:40:00Z"}]""", "m1");
            var unknownAction = await charger.SendRawAsync("""[2,"m2","MakeCoffee",{}]""", "m2");
            var garbage = await charger.SendRawAsync("this is not json", "-1");
            Assert.That(new[] { missingMeterStart, unknownAction, garbage }.Select(f => f is OcppCallError e ? e.ErrorCode : "answered"),
                Is.EqualTo(new[] { "OccurenceConstraintViolation", "NotImplemented", "FormationViolation" }));

            var connected = await ScrapeAsync();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(duringSession.Value("chargemonitor_sessions_active"), Is.EqualTo(1));
                Assert.That(connected.Value("chargemonitor_chargers_connected"), Is.EqualTo(1));
                Assert.That(connected.Value("chargemonitor_sessions_active"), Is.EqualTo(0));
            }
            await CheckAsync(transactionId, connected);
        }

        using var noSubprotocol = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => noSubprotocol.ConnectAsync(new Uri(Server.WebSocketUri + "/CP-METRICS-2"), CancellationToken.None));
        using (await Server.Http.GetAsync("/ocpp/CP-METRICS-3")) { }

        var after = await ScrapeAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Value("chargemonitor_ocpp_handshakes_refused_total", ("error_type", "no_subprotocol")), Is.EqualTo(1));
            Assert.That(after.Value("chargemonitor_ocpp_handshakes_refused_total", ("error_type", "not_websocket")), Is.EqualTo(1));
            Assert.That(after.Value("chargemonitor_ocpp_handshakes_refused_total"), Is.EqualTo(2));
        }
    }

    private async Task CheckAsync(long transactionId, IReadOnlyList<PrometheusSample> scrape)
    {
        const string messages = "chargemonitor_ocpp_messages_total";
        (string, string) Action(string action) => ("ocpp_action", action);
        (string, string) Outcome(string outcome) => ("ocpp_outcome", outcome);
        var session = await GetAsync($"/api/sessions/{transactionId}");
        var anomalies = session["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scrape.Value(messages, Action("BootNotification"), Outcome("answered")), Is.EqualTo(1));
            Assert.That(scrape.Value(messages, Action("Heartbeat"), Outcome("answered")), Is.EqualTo(2));
            Assert.That(scrape.Value(messages, Action("StartTransaction"), Outcome("answered")), Is.EqualTo(1));
            Assert.That(scrape.Value(messages, Action("MeterValues"), Outcome("answered")), Is.EqualTo(1));
            Assert.That(scrape.Value(messages, Action("StopTransaction"), Outcome("answered")), Is.EqualTo(1));
            Assert.That(scrape.Value(messages, Action("StartTransaction"), Outcome("OccurenceConstraintViolation")), Is.EqualTo(1));
            Assert.That(scrape.Value(messages, Action("_OTHER"), Outcome("NotImplemented")), Is.EqualTo(1));
            Assert.That(scrape.Value(messages), Is.EqualTo(8), "the unreadable frame is not a message");
            Assert.That(scrape.Value("chargemonitor_ocpp_message_duration_seconds_count", Action("Heartbeat")), Is.EqualTo(2));
            Assert.That(scrape.Value("chargemonitor_ocpp_message_duration_seconds_bucket", Action("Heartbeat"), ("le", "+Inf")), Is.EqualTo(2));
            Assert.That(scrape.Value("chargemonitor_ocpp_bad_frames_total", ("error_type", "unreadable")), Is.EqualTo(1));
            Assert.That(scrape.Value("chargemonitor_ocpp_bad_frames_total"), Is.EqualTo(1));
            Assert.That(scrape.Value("chargemonitor_sessions_closed_total", ("chargemonitor_stop_reason", "EVDisconnected")), Is.EqualTo(1));
            Assert.That(scrape.Value("chargemonitor_sessions_closed_total"), Is.EqualTo(1));
            Assert.That(scrape.Value("chargemonitor_anomalies_total"), Is.EqualTo(anomalies.Count));
            foreach (var code in anomalies)
                Assert.That(scrape.Value("chargemonitor_anomalies_total", ("chargemonitor_anomaly_code", code)), Is.EqualTo(1), code);
            // Boot, start, meter values, stop: each committed through the writer, in one or more batches.
            Assert.That(scrape.Value("chargemonitor_storage_batch_size_sum"), Is.GreaterThanOrEqualTo(4));
            Assert.That(scrape.Value("chargemonitor_storage_commit_duration_seconds_count"),
                Is.EqualTo(scrape.Value("chargemonitor_storage_batch_size_count")).And.GreaterThan(0));
            Assert.That(scrape.Value("chargemonitor_storage_queue_depth"), Is.EqualTo(0));
            Assert.That(scrape.Any(s => s.Name.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal)), "ASP.NET Core's meter");
            Assert.That(scrape.Any(s => s.Name.StartsWith("kestrel_", StringComparison.Ordinal)), "Kestrel's meter");
            Assert.That(scrape.Any(s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal)), "the runtime's meter");
        }
    }

    [Test]
    public async Task Commands_AreCountedByActionAndOutcome()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chargepoints/CP-METRICS-ABSENT/commands/ClearCache")
        {
            Headers = { { "X-API-Key", Key } },
        };
        using var response = await Server.Http.SendAsync(request);
        var scrape = await ScrapeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(scrape.Value("chargemonitor_commands_total", ("ocpp_action", "ClearCache"), ("chargemonitor_command_outcome", "not_connected")),
                Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Metrics_NeedTheAdminKey()
    {
        using var without = await Server.Http.GetAsync("/metrics");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-API-Key", "guess" } } };
        using var wrongResponse = await Server.Http.SendAsync(wrong);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await without.Content.ReadAsStringAsync(), Does.Not.Contain("chargemonitor_"));
            Assert.That(wrongResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task MetricsPublic_ServesWithoutTheKey_AndMetricsFalse_ServesNothing()
    {
        await using var open = await TestServer.StartAsync("--admin-key", Key, "--metrics-public", "true");
        await using var off = await TestServer.StartAsync("--admin-key", Key, "--metrics", "false");
        using var openResponse = await open.Http.GetAsync("/metrics");
        using var offRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-API-Key", Key } } };
        using var offResponse = await off.Http.SendAsync(offRequest);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(openResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(openResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(PrometheusText.Parse(await openResponse.Content.ReadAsStringAsync()).Value("chargemonitor_chargers_connected"), Is.EqualTo(0));
            Assert.That(offResponse.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task MetricsPublic_NotABoolean_StopsTheStartWithItsReason()
    {
        var path = TempDatabase.NewPath();
        await using var app = Program.Build(["--urls", "http://127.0.0.1:0", "--database", path, "--metrics-public", "yes"]);

        var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(app));

        Assert.That(ex!.Message, Does.Contain("MetricsPublic").And.Not.Contain("\n"));
        TempDatabase.Delete(path);
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-API-Key", Key } } };
        using var response = await Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return PrometheusText.Parse(text);
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-API-Key", Key } } };
        using var response = await Server.Http.SendAsync(request);
        return Json.Parse(await response.Content.ReadAsStringAsync());
    }
}
