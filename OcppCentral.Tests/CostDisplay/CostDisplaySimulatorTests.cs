extern alias sim;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Chargers;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;
using SimSchemas = sim::OcppCentral.Protocol.SchemaValidator;

namespace OcppCentral.Tests.CostDisplay;

/// <summary>
/// The simulator's display (--cost-display) against the real server in virtual time: a whole session that crosses a
/// time-of-day price, with every check the display makes of its own (the whitepaper's fields, a running cost that never
/// goes down while charging, the next-period trigger, FinalCost against the receipt it fetches) passing.
/// </summary>
/// <remarks>
/// The two sessions run at the same time on the one server and clock (different charger ids): the clock's pump then moves
/// both with the same steps, so the pair takes the steps of one session, not of two.
/// </remarks>
[CancelAfter(120_000)]
[Parallelizable(ParallelScope.Children)]
public class CostDisplaySimulatorTests
{
    private static readonly Lazy<SimSchemas> Schemas = new(() => SimSchemas.Load(SimSchemas.DefaultDirectory));
    private readonly VirtualClock _clock = new();
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _server = await TestServer.StartAsync(_clock);
        // The receipt link must reach this server, whose port is known only once it listens.
        _server.GetService<IOptions<ChargeMonitorOptions>>().Value.PublicUrl = _server.BaseUri.ToString().TrimEnd('/');
        var now = _clock.GetUtcNow().UtcDateTime;
        var boundary = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(2);
        await PutTariffAsync(_server, "sim-peak", $$"""
            { "name": "Peak", "currency": "SEK", "timeZone": "UTC", "startFee": 1.00, "energyPrice": 2.00, "timePrice": 0.05, "taxPercent": 25,
              "idleFee": { "perMinute": 0.50, "graceMinutes": 1 },
              "periods": [ { "days": ["Mon","Tue","Wed","Thu","Fri","Sat","Sun"], "from": "{{boundary:HH:mm}}", "to": "{{boundary.AddHours(2):HH:mm}}", "energyPrice": 4.00 } ] }
            """);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private Task<ChargerReport> RunAsync(string id, string language, out SimulatedCharger charger, CancellationToken ct)
    {
        var options = new ChargerOptions
        {
            Endpoint = _server.WebSocketUri,
            ChargePointId = id,
            Sessions = 1,
            SessionDuration = TimeSpan.FromMinutes(4),
            MeterInterval = TimeSpan.FromSeconds(30),
            IdleDuration = TimeSpan.FromMinutes(2),
            IdTags = ["SIMDRIVER"],
            CostDisplay = true,
            DisplayLanguage = language,
        };
        charger = new SimulatedCharger(options, Schemas.Value, _clock);
        return _clock.RunAsync(charger.RunAsync(ct));
    }

    [Test]
    public async Task Session_AcrossATimeOfDayPrice_DisplayChecksPassAndItsTotalIsTheReceipts(CancellationToken ct)
    {
        await AssignTariffAsync(_server, "SIM-CD-1", "sim-peak");

        var report = await RunAsync("SIM-CD-1", "en", out var charger, ct);
        var session = await SessionAsync(_server, report.Sessions.Single().TransactionId!.Value);
        var lines = charger.DisplayLines;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.ErrorCount, Is.Zero, () => string.Join("; ", report.Errors.Concat(report.Sessions.SelectMany(s => s.Errors))));
            Assert.That(lines[0], Does.StartWith("SIMDRIVER: Price: 2.50 SEK/kWh, Mon-Sun"));
            Assert.That(lines, Has.Some.Contains("(charging, 2.50/kWh), from "), "a RunningCost announced the next period");
            Assert.That(lines, Has.Some.Contains("(charging, 5.00/kWh)"), "the price after the boundary, 4.00 with 25 % tax");
            Assert.That(lines[^1], Does.Contain($"Total {session["cost"]!["total"]!.GetValue<decimal>():0.00} SEK")
                .And.Contain("[QR " + _server.BaseUri.ToString().TrimEnd('/') + session["receiptUrl"]!.GetValue<string>() + "]"));
        }
    }

    [Test]
    public async Task Session_SwedishDisplay_ShowsSwedishTexts(CancellationToken ct)
    {
        await AssignTariffAsync(_server, "SIM-CD-SV", "sim-peak");

        var report = await RunAsync("SIM-CD-SV", "sv", out var charger, ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.ErrorCount, Is.Zero, () => string.Join("; ", report.Errors.Concat(report.Sessions.SelectMany(s => s.Errors))));
            Assert.That(charger.DisplayLines[0], Does.StartWith("SIMDRIVER: Pris: 2,50 SEK/kWh, mån-sön"));
            Assert.That(charger.DisplayLines[^1], Does.Contain("Totalt").And.Contain("moms"));
        }
    }
}
