using System.Globalization;
using System.Net;
using OcppCentral.Ledger;
using OcppCentral.Sessions;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.PricingScenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// The what-if reads sessions a page at a time; sessions that share a start time straddle page boundaries, and each must
/// still be counted exactly once. The sessions go through the server's own ledger (as StartTransaction and
/// StopTransaction would), concurrently, so thousands are committed in a few group commits.
/// </summary>
[CancelAfter(120_000)]
public class PricingSimulationPagingTests
{
    private const int Sessions = 2_500;

    [Test]
    public async Task Simulate_MoreSessionsThanPagesHoldAllStartingAtOnce_CountsEachOnce()
    {
        await using var server = await TestServer.StartAsync();
        var ledger = server.GetService<TransactionLedger>();
        var start = new DateTimeOffset(2026, 11, 10, 10, 0, 0, TimeSpan.Zero);
        // Ten chargers with 250 connectors each, so no start supersedes another.
        var ids = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(i => ledger.StartAsync(
            new TransactionStart($"CP-{i % 10}", i / 10 + 1, "TAG", 0, start, null, DateTimeOffset.UtcNow), CancellationToken.None)));
        await Task.WhenAll(ids.Select((id, i) => ledger.StopAsync(new TransactionStop($"CP-{i % 10}", id, 1000, start.AddHours(1), "Local", null,
            [Register(start.AddMinutes(30), 500)], () => "", DateTimeOffset.UtcNow), CancellationToken.None)));

        using var response = await PostJsonAsync(server, "/api/tariffs/simulate", """
            { "tariff": { "name": "Flat", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 1.00, "taxPercent": 0 },
              "from": "2026-11-10T00:00:00Z", "to": "2026-11-11T00:00:00Z" }
            """);

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var total = Json.Parse(text)["total"]!;
        var actual = total["actual"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(total["sessions"]!.GetValue<int>(), Is.EqualTo(Sessions));
            Assert.That(total["energyKwh"]!.GetValue<decimal>(), Is.EqualTo(2_500m));
            // Default tariff (appsettings), Tuesday 11:00–12:00 local: start 5.00 + 1 kWh × 2.50 + 60 min × 0.10 = 13.50, tax 3.38 (3.375).
            Assert.That(actual["sessions"]!.GetValue<int>(), Is.EqualTo(Sessions));
            Assert.That(actual["net"]!.GetValue<decimal>(), Is.EqualTo(Sessions * 13.50m));
            Assert.That(actual["total"]!.GetValue<decimal>(), Is.EqualTo(Sessions * 16.88m));
            Assert.That(total["candidate"]!["total"]!.GetValue<decimal>(), Is.EqualTo(Sessions * 1.00m));
            Assert.That(Json.Parse(text)["chargePoints"]!.AsArray().Select(c => c!["sessions"]!.GetValue<int>()), Is.All.EqualTo(Sessions / 10));
        }
    }

    private static MeterSample Register(DateTimeOffset at, decimal wh) =>
        new(at, "Energy.Active.Import.Register", wh.ToString(CultureInfo.InvariantCulture), "Wh", null, "Sample.Periodic", "Outlet", "Raw", wh, "Wh");
}
