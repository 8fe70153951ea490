using System.Globalization;
using System.Text.Json.Nodes;
using OcppCentral.Ledger;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// An Active session's record carries the running estimate (docs/sessions-and-pricing.md): kept as readings are committed,
/// rebuilt from the database after a restart, and equal to the bill the close computes from the same readings.
/// </summary>
[CancelAfter(60_000)]
public class RunningEstimateTests
{
    /// <summary>The session starts 100 minutes before the virtual clock's now (whole seconds).</summary>
    private DateTimeOffset Start { get; set; }

    private VirtualClock NewClock()
    {
        var clock = new VirtualClock();
        var now = clock.GetUtcNow();
        var wholeSecond = now.AddMilliseconds(1000 - now.Millisecond);
        clock.Advance(wholeSecond - now);
        Start = wholeSecond.AddMinutes(-100);
        return clock;
    }

    /// <summary>Readings late, out of order, with an idle stretch and one going backwards.</summary>
    private static readonly (int Minutes, long RegisterWh)[] Readings =
        [(10, 2000), (40, 5000), (20, 3000), (55, 5000), (70, 5000), (85, 4900), (95, 9000), (30, 4200)];

    [Test]
    public async Task ActiveSession_EstimateAtTheStop_EqualsTheBillOfTheClose()
    {
        var clock = NewClock();
        await using var server = await TestServer.StartAsync(clock);
        await using var charger = await Chargers.BootAsync(server, "CP-RUNNING");
        var transactionId = await StartAsync(charger, Iso(Start), 1000);
        foreach (var (minutes, registerWh) in Readings)
            await MeterAsync(charger, transactionId, Iso(Start.AddMinutes(minutes)), registerWh);

        var estimate = await SessionAsync(server, transactionId);
        await StopAsync(charger, transactionId, Iso(Start.AddMinutes(100)), 9000);
        var closed = await SessionAsync(server, transactionId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimate["estimated"]!.GetValue<bool>(), Is.True);
            Assert.That(closed["estimated"]!.GetValue<bool>(), Is.False);
            Assert.That(estimate["cost"]!.ToJsonString(), Is.EqualTo(closed["cost"]!.ToJsonString()));
            Assert.That(Figures(estimate), Is.EqualTo(Figures(closed)));
            Assert.That(server.GetService<RunningEstimates>().Count, Is.Zero, "dropped at the close");
        }
    }

    [Test]
    public async Task ActiveSession_AfterARestart_IsRebuiltFromTheDatabaseAndKeptUpToDate()
    {
        var clock = NewClock();
        await using var server = await TestServer.StartAsync(clock);
        long transactionId;
        await using (var charger = await Chargers.BootAsync(server, "CP-RESTART"))
        {
            transactionId = await StartAsync(charger, Iso(Start), 1000);
            foreach (var (minutes, registerWh) in Readings.Take(4))
                await MeterAsync(charger, transactionId, Iso(Start.AddMinutes(minutes)), registerWh);
        }
        var before = await SessionAsync(server, transactionId);

        await server.RestartAsync();
        Assert.That(server.GetService<RunningEstimates>().Count, Is.Zero, "nothing kept across a restart");
        var rebuilt = await SessionAsync(server, transactionId);
        // No BootNotification: that would close the session. The readings arrive on a new connection.
        await using (var again = await Chargers.ConnectAsync(server, "CP-RESTART"))
        {
            foreach (var (minutes, registerWh) in Readings.Skip(4))
                await MeterAsync(again, transactionId, Iso(Start.AddMinutes(minutes)), registerWh);
        }
        var folded = await SessionAsync(server, transactionId);
        var (estimates, full) = (server.GetService<RunningEstimates>(), await FullEstimateAsync(server, transactionId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rebuilt.ToJsonString(), Is.EqualTo(before.ToJsonString()));
            Assert.That(estimates.Count, Is.EqualTo(1));
            Assert.That((Lines(folded["cost"]!), Amounts(folded["cost"]!)), Is.EqualTo((Lines(full.Cost), Amounts(full.Cost))));
            Assert.That(Figures(folded), Is.EqualTo(full.Figures));
        }
    }

    [Test]
    public async Task ActiveSession_MoreReadingsThanWaitToBeFolded_EstimateEqualsTheFullComputation()
    {
        // More messages than the estimate keeps waiting (RunningEstimates.FoldAfter), late and out of order among them: some
        // are folded when too many wait, the rest when the record is asked for.
        var clock = NewClock();
        await using var server = await TestServer.StartAsync(clock);
        await using var charger = await Chargers.BootAsync(server, "CP-BATCHES");
        var transactionId = await StartAsync(charger, Iso(Start), 1000);
        var count = RunningEstimates.FoldAfter * 2 + 7;
        var minutes = Enumerable.Range(1, count).Select(i => i % 6 == 0 ? i + 1 : i % 6 == 1 && i > 1 ? i - 1 : i).ToList();
        foreach (var minute in minutes)
            await MeterAsync(charger, transactionId, Iso(Start.AddSeconds(minute * 45)), 1000 + minute * 120);
        var folded = await SessionAsync(server, transactionId);
        var full = await FullEstimateAsync(server, transactionId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(minutes.Distinct().Count(), Is.EqualTo(count), "each minute sent once");
            Assert.That((Lines(folded["cost"]!), Amounts(folded["cost"]!)), Is.EqualTo((Lines(full.Cost), Amounts(full.Cost))));
            Assert.That(Figures(folded), Is.EqualTo(full.Figures));
        }
    }

    /// <summary>What the full computation over every stored sample gives now (the way the record was estimated before).</summary>
    private static async Task<(JsonNode Cost, string Figures)> FullEstimateAsync(TestServer server, long transactionId)
    {
        var running = (await server.GetService<OcppCentral.Storage.SessionStore>().RunningAsync(transactionId, CancellationToken.None))!;
        var now = server.Time.GetUtcNow();
        var (summary, _, cost) = OcppCentral.Pricing.SessionEvaluator.Estimate(
            new OcppCentral.Sessions.SessionFacts(running.StartTime, now, running.MeterStartWh, null, running.Samples), running.PinnedTariff);
        var view = new JsonObject
        {
            ["energyKwh"] = summary.EnergyKwh, ["durationMinutes"] = summary.DurationMinutes, ["chargingMinutes"] = summary.ChargingMinutes,
            ["idleMinutes"] = summary.IdleMinutes, ["maxPowerKw"] = summary.MaxPowerKw, ["averagePowerKw"] = summary.AveragePowerKw,
        };
        return (System.Text.Json.JsonSerializer.SerializeToNode(cost, Json.Options)!, Figures(view));
    }

    /// <summary>The measured figures; energySource differs by design (meterStop at the close, lastRegister before).</summary>
    private static string Figures(JsonNode session) => string.Join(", ",
        new[] { "energyKwh", "durationMinutes", "chargingMinutes", "idleMinutes", "maxPowerKw", "averagePowerKw" }
            .Select(name => $"{name}={session[name]?.ToJsonString() ?? "null"}"));

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
