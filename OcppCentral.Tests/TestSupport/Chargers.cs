extern alias sim;
using sim::ChargeMonitor.Simulator.Client;
using SimSchemas = sim::OcppCentral.Protocol.SchemaValidator;

namespace OcppCentral.Tests.TestSupport;

/// <summary>Connects simulator clients to a test server and sends the usual opening messages.</summary>
public static class Chargers
{
    private static readonly Lazy<SimSchemas> Schemas = new(() => SimSchemas.Load(SimSchemas.DefaultDirectory));

    public static Task<OcppClient> ConnectAsync(TestServer server, string id, string? password = null) =>
        OcppClient.ConnectAsync(server.WebSocketUri, id, password, Schemas.Value);

    public static async Task<OcppClient> BootAsync(TestServer server, string id, string? password = null)
    {
        var client = await ConnectAsync(server, id, password);
        await client.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1", firmwareVersion = "1.0" });
        return client;
    }
}
