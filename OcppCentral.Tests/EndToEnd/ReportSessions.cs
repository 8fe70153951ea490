extern alias sim;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// Sessions driven over the wire by a simulated charger, for the feedback, anomaly and report tests: each call is
/// answered before the next is sent, so what the admin API shows afterwards is committed.
/// </summary>
internal static class ReportSessions
{
    /// <summary>Tuesday 2026-11-24 14:40Z, the start of docs/sessions-and-pricing.md's worked example; every scenario is in the past.</summary>
    public static readonly DateTimeOffset Day = new(2026, 11, 24, 14, 40, 0, TimeSpan.Zero);

    public static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static async Task<long> StartAsync(OcppClient charger, int connectorId, string idTag, long meterStartWh, DateTimeOffset at)
    {
        var answer = await charger.CallAsync("StartTransaction",
            new { connectorId, idTag, meterStart = meterStartWh, timestamp = Iso(at) });
        return answer["transactionId"]!.ToObject<long>();
    }

    /// <summary>One meterValue with an energy register reading; a null context is left out on the wire (OcppJson drops nulls).</summary>
    public static object Register(DateTimeOffset at, long wh, string? context = null) =>
        new { timestamp = Iso(at), sampledValue = new[] { new { value = Wh(wh), context, measurand = "Energy.Active.Import.Register", unit = "Wh" } } };

    public static Task MeterAsync(OcppClient charger, int connectorId, long transactionId, DateTimeOffset at, long wh) =>
        charger.CallAsync("MeterValues", new { connectorId, transactionId, meterValue = new[] { Register(at, wh) } });

    public static Task StopAsync(OcppClient charger, long transactionId, long meterStopWh, DateTimeOffset at, params object[] transactionData) =>
        transactionData.Length == 0
            ? charger.CallAsync("StopTransaction", new { transactionId, meterStop = meterStopWh, timestamp = Iso(at), reason = "EVDisconnected" })
            : charger.CallAsync("StopTransaction",
                new { transactionId, meterStop = meterStopWh, timestamp = Iso(at), reason = "EVDisconnected", transactionData });

    /// <summary>A plain session: start, one reading halfway, stop; <paramref name="energyWh"/> delivered evenly.</summary>
    public static async Task<long> ChargeAsync(OcppClient charger, int connectorId, string idTag, DateTimeOffset start, TimeSpan duration,
        long energyWh, long meterStartWh = 10_000)
    {
        var transactionId = await StartAsync(charger, connectorId, idTag, meterStartWh, start);
        await MeterAsync(charger, connectorId, transactionId, start + duration / 2, meterStartWh + energyWh / 2);
        await StopAsync(charger, transactionId, meterStartWh + energyWh, start + duration);
        return transactionId;
    }

    public static async Task<IReadOnlyList<string>> CodesAsync(TestServer server, long transactionId) =>
        (await PricingScenarios.SessionAsync(server, transactionId))["anomalies"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()).ToList();

    public static async Task<string> DetailAsync(TestServer server, long transactionId, string code) =>
        (await PricingScenarios.SessionAsync(server, transactionId))["anomalies"]!.AsArray()
            .Single(a => a!["code"]!.GetValue<string>() == code)!["detail"]!.GetValue<string>();

    private static string Wh(long wh) => wh.ToString(CultureInfo.InvariantCulture);
}
