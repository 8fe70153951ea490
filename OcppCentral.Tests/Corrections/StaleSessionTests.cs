using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Ledger;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.Corrections;

/// <summary>
/// Stale sessions (docs/corrections.md) through the real server in virtual time: the sweep runs on the server's clock, so a
/// test moves the clock past the stale-session time (12 hours by default) and waits for the sweep that follows. One server for
/// the fixture, each test on chargers of its own; the clock only moves forward, so each test starts its sessions at "now". Then an
/// operator closes the session (correction kind close), and the charger's own StopTransaction, coming late, measures it again.
/// A flat tariff (2.00 SEK/kWh, 25 % tax) makes each bill easy to compute by hand: 10 kWh is 20.00 + 5.00 = 25.00.
/// </summary>
[CancelAfter(60_000)]
public partial class StaleSessionTests
{
    private readonly VirtualClock _clock = new();
    private TestServer _server = null!;
    private StaleSessionSweep _sweep = null!;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync(_clock);
        _sweep = _server.GetService<StaleSessionSweep>();
        await PutTariffAsync(_server, "flat", """{"name":"Flat","currency":"SEK","timeZone":"UTC","energyPrice":2.00,"taxPercent":25}""");
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    /// <summary>Moves the clock on by <paramref name="advance"/> and waits for the first sweep after it whose flagged sessions satisfy <paramref name="until"/>.</summary>
    private async Task<IReadOnlyList<long>> AdvanceAndSweepAsync(TimeSpan advance, Func<IReadOnlyList<long>, bool> until)
    {
        var swept = new TaskCompletionSource<IReadOnlyList<long>>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(IReadOnlyList<long> flagged)
        {
            if (until(flagged))
                swept.TrySetResult(flagged);
        }
        _sweep.Swept += Watch;
        try
        {
            _clock.Advance(advance);
            return await swept.Task.WaitAsync(Ct);
        }
        finally
        {
            _sweep.Swept -= Watch;
        }
    }

    private async Task<IReadOnlyList<string>> OpenCodesAsync(string chargePointId, long transactionId)
    {
        var listed = await _server.GetJsonAsync<JsonObject>($"/api/anomalies?status=Open&chargePointId={chargePointId}");
        return listed["sessions"]!.AsArray().Where(s => s!["transactionId"]!.GetValue<long>() == transactionId)
            .SelectMany(s => s!["anomalies"]!.AsArray()).Select(a => a!["code"]!.GetValue<string>()).ToList();
    }

    [Test]
    public async Task ASessionItsChargerFellSilentAbout_IsFlaggedNoStopReceived_OnlyOnceTheStaleTimeHasPassed()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-STALE-1");
        var start = _clock.GetUtcNow();
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, start);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await MeterAsync(charger, 1, id, _clock.GetUtcNow(), 12_000);

        var early = await AdvanceAndSweepAsync(TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1), _ => true);
        var codesEarly = await OpenCodesAsync("CP-STALE-1", id);
        var flagged = await AdvanceAndSweepAsync(TimeSpan.FromMinutes(2), ids => ids.Contains(id));
        var session = await _server.GetJsonAsync<JsonObject>($"/api/sessions/{id}");
        var later = await AdvanceAndSweepAsync(TimeSpan.FromMinutes(1), _ => true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(early, Does.Not.Contain(id));
            Assert.That(codesEarly, Is.Empty);
            Assert.That(flagged, Does.Contain(id));
            Assert.That(await OpenCodesAsync("CP-STALE-1", id), Is.EqualTo(new[] { "NoStopReceived" }));
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("Active"));
            Assert.That(session["anomalies"]!.AsArray().Single()!["detail"]!.GetValue<string>(),
                Does.Contain("has sent nothing for it since " + Iso(start.AddMinutes(30))[..19]).And.Contain("kind close"));
            Assert.That(later, Does.Not.Contain(id), "flagged once");
        }
    }

    [Test]
    public async Task AReadingBeforeTheStaleTime_KeepsTheSessionUnflagged()
    {
        await using var charger = await Chargers.BootAsync(_server, "CP-STALE-2");
        var id = await StartAsync(charger, 1, "DRIVER", 10_000, _clock.GetUtcNow());
        await AdvanceAndSweepAsync(TimeSpan.FromHours(11), _ => true);
        await MeterAsync(charger, 1, id, _clock.GetUtcNow(), 12_000);

        var swept = await AdvanceAndSweepAsync(TimeSpan.FromHours(2), _ => true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(swept, Does.Not.Contain(id));
            Assert.That(await OpenCodesAsync("CP-STALE-2", id), Is.Empty);
        }
    }

    [TestCase("00:00:59")]
    [TestCase("30.00:00:01")]
    public void AStaleSessionTimeOutOfRange_StopsTheStart(string value)
    {
        var options = new ChargeMonitorOptions { StaleSessionAfter = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.That(options.Problem(), Does.Contain("--stale-session-after"));
    }

    [Test]
    public void TheStaleSessionTime_IsTwelveHoursUnlessSet() =>
        Assert.That(new ChargeMonitorOptions().StaleSessionAfter, Is.EqualTo(TimeSpan.FromHours(12)));
}
