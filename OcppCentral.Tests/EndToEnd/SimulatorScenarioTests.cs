extern alias sim;
using System.Text.Json.Nodes;
using Dapper;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Chargers;
using sim::ChargeMonitor.Simulator.Scenarios;
using SimSchemas = sim::OcppCentral.Protocol.SchemaValidator;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// The simulator's fault scenarios (issue 3) against the real server: the session records must match what the
/// charger sent to the Wh, and each fault must leave the anomaly codes an operator expects (docs/anomalies-and-feedback.md). The server and
/// the chargers share one virtual clock, so the scenarios' seconds of charging, idling and downtime take no real time.
/// </summary>
[CancelAfter(120_000)]
[Parallelizable(ParallelScope.Children)]
public class SimulatorScenarioTests
{
    private const string AdminKey = "fleet-key";
    private static readonly Lazy<SimSchemas> Schemas = new(() => SimSchemas.Load(SimSchemas.DefaultDirectory));
    private readonly VirtualClock _clock = new();
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync(_clock, "--admin-key", AdminKey);
        _server.Http.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    /// <summary>One simulated charger on the short timings of <see cref="ScenarioRunner.QuickOptions"/>, in virtual time.</summary>
    private Task<ChargerReport> RunChargerAsync(string id, Scenario scenario, CancellationToken ct,
        Func<ChargerOptions, ChargerOptions>? customize = null)
    {
        var options = ScenarioRunner.QuickOptions(_server.WebSocketUri, id, scenario);
        return _clock.RunAsync(new SimulatedCharger(customize?.Invoke(options) ?? options, Schemas.Value, _clock).RunAsync(ct));
    }

    private async Task<(SessionReport Sent, JsonObject Stored)> RunAsync(Scenario scenario, string id, CancellationToken ct)
    {
        var report = await RunChargerAsync(id, scenario, ct);
        Assert.That(report.ErrorCount, Is.Zero, () => string.Join("; ", report.Errors.Concat(report.Sessions.SelectMany(s => s.Errors))));
        var sent = report.Sessions.Single();
        var stored = await _server.GetJsonAsync<JsonObject>($"/api/sessions/{sent.TransactionId}");
        return (sent, stored);
    }

    private static string[] Codes(JsonObject session) =>
        session["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()).Order().ToArray();

    private static decimal EnergyWh(JsonObject session) => session["energyKwh"]!.GetValue<decimal>() * 1000m;

    [TestCase(Scenario.None, "SIM-PLAIN")]
    [TestCase(Scenario.MeterKwh, "SIM-KWH")]
    public async Task CleanSession_IsStoredToTheWh_WithoutAnomalies(Scenario scenario, string id, CancellationToken ct)
    {
        var (sent, stored) = await RunAsync(scenario, id, ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(EnergyWh(stored), Is.EqualTo(sent.EnergyWh));
            Assert.That(stored["meterStopWh"]!.GetValue<long>(), Is.EqualTo(sent.MeterStopWh));
            Assert.That(stored["stopReason"]!.GetValue<string>(), Is.EqualTo(sent.StopReason));
            Assert.That(Codes(stored), Is.Empty);
            Assert.That(stored["cost"]!["total"]!.GetValue<decimal>(), Is.GreaterThan(0m));
        }
    }

    /// <summary>
    /// An offline charger's session is complete to the Wh, and the drop is told (docs/charger-health.md): the only anomaly is
    /// ChargerOfflineDuringSession, naming when the link went down and came back.
    /// </summary>
    [Test]
    public async Task Offline_IsStoredToTheWh_WithChargerOfflineDuringSessionNamingTheGap(CancellationToken ct)
    {
        var (sent, stored) = await RunAsync(Scenario.Offline, "SIM-OFFLINE", ct);
        var offline = stored["anomalies"]!.AsArray().Single()!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(EnergyWh(stored), Is.EqualTo(sent.EnergyWh));
            Assert.That(stored["meterStopWh"]!.GetValue<long>(), Is.EqualTo(sent.MeterStopWh));
            Assert.That(stored["stopReason"]!.GetValue<string>(), Is.EqualTo(sent.StopReason));
            Assert.That(offline["code"]!.GetValue<string>(), Is.EqualTo("ChargerOfflineDuringSession"));
            Assert.That(offline["detail"]!.GetValue<string>(), Does.Contain("(ConnectionReset), back at"));
            Assert.That(stored["cost"]!["total"]!.GetValue<decimal>(), Is.GreaterThan(0m));
        }
    }

    [Test]
    public async Task Offline_QueuedMeterValuesArriveWithTheirOriginalTimestamps(CancellationToken ct)
    {
        var (sent, _) = await RunAsync(Scenario.Offline, "SIM-OFFLINE-2", ct);
        var values = await _server.GetJsonAsync<JsonArray>($"/api/sessions/{sent.TransactionId}/meter-values");
        var registers = values.Where(v => v!["measurand"]!.GetValue<string>() == "Energy.Active.Import.Register").ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.QueuedWhileOffline, Is.GreaterThan(0), "the scenario queued messages while offline");
            Assert.That(registers.Select(v => v!["timestamp"]!.GetValue<string>()), Is.Ordered);
            Assert.That(registers.Select(v => v!["timestamp"]!.GetValue<string>()).Distinct().Count(), Is.GreaterThanOrEqualTo(sent.MeterValuesSent));
        }
    }

    [Test]
    public async Task Reboot_ClosesTheSessionAtItsLastReading(CancellationToken ct)
    {
        var (sent, stored) = await RunAsync(Scenario.Reboot, "SIM-REBOOT", ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(stored["stopReason"]!.GetValue<string>(), Is.EqualTo("Reboot"));
            Assert.That(stored["energySource"]!.GetValue<string>(), Is.EqualTo("lastRegister"));
            Assert.That(EnergyWh(stored), Is.EqualTo(sent.LastRegisterWh - sent.MeterStartWh));
            Assert.That(Codes(stored), Does.Contain("InterruptedByReboot"));
            Assert.That(Codes(stored), Does.Contain("ChargerOfflineDuringSession"));
        }
    }

    [Test]
    public async Task MeterReset_IsFlaggedAsBackwardsAndMismatch(CancellationToken ct)
    {
        var (_, stored) = await RunAsync(Scenario.MeterReset, "SIM-RESET", ct);

        Assert.That(Codes(stored), Does.Contain("MeterWentBackwards").And.Contain("MeterStopMismatch"));
    }

    [Test]
    public async Task MeterReset_IsNotImplausiblePower_AndSaysInWordsWhyNothingIsBilled(CancellationToken ct)
    {
        var (_, stored) = await RunAsync(Scenario.MeterReset, "SIM-RESET-2", ct);
        var belowStart = stored["anomalies"]!.AsArray().Single(a => a!["code"]!.GetValue<string>() == "MeterStopBelowStart")!["detail"]!.GetValue<string>();

        using (Assert.EnterMultipleScope())
        {
            // Nothing is billed; a curve returning to meterStart at the stop was the server's artefact, not the charger's units.
            Assert.That(Codes(stored), Does.Not.Contain("ImplausiblePower"));
            Assert.That(stored["energySource"]!.GetValue<string>(), Is.EqualTo("none"));
            Assert.That(belowStart, Does.Contain("Nothing billed: meterStop").And.Contain("are both below meterStart").And.Not.Contain("from none"));
        }
    }

    [Test]
    public async Task Duplicate_StartGetsTheSameTransactionId_AndNothingIsStoredTwice(CancellationToken ct)
    {
        var (sent, stored) = await RunAsync(Scenario.Duplicate, "SIM-DUP", ct);
        var values = await _server.GetJsonAsync<JsonArray>($"/api/sessions/{sent.TransactionId}/meter-values");
        var identities = values.Select(v => (v!["timestamp"]!.GetValue<string>(), v["measurand"]!.GetValue<string>(), v["phase"]?.GetValue<string>(),
            v["context"]!.GetValue<string>(), v["location"]!.GetValue<string>())).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.DuplicateStartTransactionId, Is.EqualTo(sent.TransactionId));
            Assert.That(identities, Is.Unique);
            Assert.That(EnergyWh(stored), Is.EqualTo(sent.EnergyWh));
            Assert.That(Codes(stored), Is.Empty);
        }
    }

    [Test]
    public async Task ClockSkew_TenMinutesAhead_IsTimestampInFuture(CancellationToken ct)
    {
        var (sent, stored) = await RunAsync(Scenario.ClockSkew, "SIM-SKEW", ct);

        Assert.That(Codes(stored), Does.Contain("TimestampInFuture"));
        Assert.That(EnergyWh(stored), Is.EqualTo(sent.EnergyWh));
    }

    [Test]
    public async Task Feedback_DriversRateTheirSessions_ThroughTheAdminApi(CancellationToken ct)
    {
        var report = await RunChargerAsync("SIM-RATED", Scenario.None, ct,
            options => options with { Sessions = 2, Feedback = new sim::ChargeMonitor.Simulator.Feedback.FeedbackOptions(AdminKey) });

        var sessions = await Task.WhenAll(report.Sessions.Select(s => _server.GetJsonAsync<JsonObject>($"/api/sessions/{s.TransactionId}")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.ErrorCount, Is.Zero);
            Assert.That(sessions.Select(s => s["feedback"]!.AsArray().Count), Is.EqualTo(new[] { 1, 1 }));
            Assert.That(sessions.Select(s => s["feedback"]![0]!["rating"]!.GetValue<int>()),
                Is.EqualTo(report.Sessions.Select(s => s.Feedback!.Feedback.Rating)));
        }
    }

    [Test]
    public async Task UnknownTransaction_IsAnsweredAndKeptAsOrphans(CancellationToken ct)
    {
        var (sent, stored) = await RunAsync(Scenario.UnknownTransaction, "SIM-ORPHAN", ct);

        await using var connection = _server.OpenDatabaseConnection();
        var orphans = (await connection.QueryAsync<string>(
            "SELECT action FROM orphan_messages WHERE charge_point_id = 'SIM-ORPHAN' AND transaction_id = @id ORDER BY action",
            new { id = sent.OrphanTransactionId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(orphans, Is.EqualTo(new[] { "MeterValues", "StopTransaction" }));
            Assert.That(Codes(stored), Is.Empty);
        }
    }
}
