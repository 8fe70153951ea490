extern alias sim;
using System.Globalization;
using System.Net.Http.Json;
using OcppCentral.Tests.EndToEnd;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.Console;

/// <summary>
/// A server with an admin key, filled over real WebSockets: charger CP-A with a completed session that has power, energy
/// and SoC readings and a low rating whose comment holds a script tag; a session whose idTag holds one; and an active session.
/// </summary>
internal sealed class ConsoleData : IAsyncDisposable
{
    public const string Key = "console-key";
    public const string ScriptComment = "<script>alert('x')</script>";
    public const string ScriptIdTag = "<script>x";
    public const int Readings = 5;

    private ConsoleData(TestServer server, OcppClient charger) => (Server, Charger) = (server, charger);

    public TestServer Server { get; }
    public OcppClient Charger { get; }
    public long CurveSession { get; private set; }
    public long ScriptSession { get; private set; }
    public long ActiveSession { get; private set; }

    public static Task<ConsoleData> StartAsync() => StartAsync(TestDatabase.DefaultBackend);

    public static async Task<ConsoleData> StartAsync(TestBackend backend)
    {
        var server = await TestServer.StartAsync(backend, TimeProvider.System, "--admin-key", Key, "--Ocpp:CallTimeout", "00:00:05", "--Console:TimeZone", "Europe/Stockholm");
        server.Http.DefaultRequestHeaders.Add("X-API-Key", Key);
        var charger = await Chargers.BootAsync(server, "CP-A");
        await charger.CallAsync("StatusNotification", new { connectorId = 1, errorCode = "NoError", status = "Available" });
        var data = new ConsoleData(server, charger);
        var start = ReportSessions.Day;

        data.CurveSession = await ReportSessions.StartAsync(charger, 1, "DRIVER1", 10_000, start);
        for (var i = 1; i <= Readings; i++)
            await charger.CallAsync("MeterValues", new
            {
                connectorId = 1, transactionId = data.CurveSession,
                meterValue = new[] { Reading(start.AddMinutes(10 * i), 10_000 + 2_000 * i, 11_000 + 100 * i, 20 + 10 * i) },
            });
        await ReportSessions.StopAsync(charger, data.CurveSession, 10_000 + 2_000 * Readings, start.AddMinutes(10 * Readings + 1));
        using (var feedback = await server.Http.PostAsJsonAsync($"/api/sessions/{data.CurveSession}/feedback",
                   new { rating = 1, category = "Reliability", comment = ScriptComment }))
            feedback.EnsureSuccessStatusCode();

        data.ScriptSession = await ReportSessions.ChargeAsync(charger, 1, ScriptIdTag, start.AddDays(1), TimeSpan.FromMinutes(30), 5_000, 30_000);
        data.ActiveSession = await ReportSessions.StartAsync(charger, 2, "DRIVER2", 50_000, DateTimeOffset.UtcNow.AddMinutes(-5));
        return data;
    }

    private static object Reading(DateTimeOffset at, long wh, long powerW, int soc) => new
    {
        timestamp = ReportSessions.Iso(at),
        sampledValue = new object[]
        {
            new { value = wh.ToString(CultureInfo.InvariantCulture), measurand = "Energy.Active.Import.Register", unit = "Wh" },
            new { value = powerW.ToString(CultureInfo.InvariantCulture), measurand = "Power.Active.Import", unit = "W" },
            new { value = soc.ToString(CultureInfo.InvariantCulture), measurand = "SoC", unit = "Percent" },
        },
    };

    public async ValueTask DisposeAsync()
    {
        await Charger.DisposeAsync();
        await Server.DisposeAsync();
    }
}
