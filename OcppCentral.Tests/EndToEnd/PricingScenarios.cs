extern alias sim;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>What the pricing end-to-end tests do over and over: put tariffs, and charge through the real OCPP endpoint.</summary>
public static class PricingScenarios
{
    public static async Task PutTariffAsync(TestServer server, string id, string json)
    {
        using var response = await PutJsonAsync(server, $"/api/tariffs/{id}", json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> PutJsonAsync(TestServer server, string path, string json) =>
        server.Http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostJsonAsync(TestServer server, string path, string json) =>
        server.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task AssignTariffAsync(TestServer server, string chargePointId, string tariffId) =>
        (await server.Http.PutAsJsonAsync($"/api/chargepoints/{chargePointId}", new { tariffId })).EnsureSuccessStatusCode();

    public static async Task<long> StartAsync(OcppClient charger, string timestampUtc, long meterStartWh, int connectorId = 1)
    {
        var start = await charger.CallAsync("StartTransaction", new { connectorId, idTag = "DRIVER1", meterStart = meterStartWh, timestamp = timestampUtc });
        return start["transactionId"]!.ToObject<long>();
    }

    public static Task MeterAsync(OcppClient charger, long transactionId, string timestampUtc, long registerWh, int connectorId = 1) =>
        charger.CallAsync("MeterValues", new
        {
            connectorId, transactionId,
            meterValue = new[]
            {
                new
                {
                    timestamp = timestampUtc,
                    sampledValue = new[] { new { value = registerWh.ToString(CultureInfo.InvariantCulture), measurand = "Energy.Active.Import.Register", unit = "Wh" } },
                },
            },
        });

    public static Task StopAsync(OcppClient charger, long transactionId, string timestampUtc, long meterStopWh) =>
        charger.CallAsync("StopTransaction", new { transactionId, meterStop = meterStopWh, timestamp = timestampUtc, reason = "EVDisconnected" });

    /// <summary>A whole session on connector 1: start, one MeterValues per reading, stop. Returns its transactionId.</summary>
    public static async Task<long> ChargeAsync(TestServer server, string chargePointId, string startUtc, long meterStartWh,
        (string AtUtc, long RegisterWh)[] readings, string stopUtc, long meterStopWh)
    {
        await using var charger = await Chargers.BootAsync(server, chargePointId);
        var transactionId = await StartAsync(charger, startUtc, meterStartWh);
        foreach (var (at, registerWh) in readings)
            await MeterAsync(charger, transactionId, at, registerWh);
        await StopAsync(charger, transactionId, stopUtc, meterStopWh);
        return transactionId;
    }

    public static Task<JsonObject> SessionAsync(TestServer server, long transactionId) =>
        server.GetJsonAsync<JsonObject>($"/api/sessions/{transactionId}");

    /// <summary>The cost lines as "component quantity unit × unitPrice = amount [period]", so a failing test shows the whole bill.</summary>
    public static string[] Lines(JsonNode cost) =>
        cost["lines"]!.AsArray().Select(line => string.Create(CultureInfo.InvariantCulture,
            $"{line!["component"]} {line["quantity"]!.GetValue<decimal>():0.###} {line["unit"]} x {line["unitPrice"]!.GetValue<decimal>():0.00} = {line["amount"]!.GetValue<decimal>():0.00}{(line["period"] is { } period ? $" [{period}]" : "")}"))
            .ToArray();

    public static (decimal Net, decimal Tax, decimal Total) Amounts(JsonNode cost) =>
        (cost["net"]!.GetValue<decimal>(), cost["tax"]!.GetValue<decimal>(), cost["total"]!.GetValue<decimal>());
}
