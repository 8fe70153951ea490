extern alias sim;
using sim::ChargeMonitor.Simulator.Client;
using SimSchemas = sim::OcppCentral.Protocol.SchemaValidator;

namespace OcppCentral.Tests.TestSupport;

/// <summary>Connects simulator clients to a test server and sends the usual opening messages.</summary>
public static class Chargers
{
    private static readonly Lazy<SimSchemas> Schemas = new(() => SimSchemas.Load(SimSchemas.DefaultDirectory));

    public static Task<OcppClient> ConnectAsync(TestServer server, string id, string? password = null, CancellationToken ct = default) =>
        ConnectAsync(server.WebSocketUri, id, password, ct);

    public static Task<OcppClient> ConnectAsync(Uri endpoint, string id, string? password = null, CancellationToken ct = default) =>
        OcppClient.ConnectAsync(endpoint, id, password, Schemas.Value, ct);

    public static Task<OcppClient> BootAsync(TestServer server, string id, string? password = null, CancellationToken ct = default) =>
        BootAsync(server.WebSocketUri, id, password, ct);

    public static async Task<OcppClient> BootAsync(Uri endpoint, string id, string? password = null, CancellationToken ct = default)
    {
        var client = await ConnectAsync(endpoint, id, password, ct);
        await client.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1", firmwareVersion = "1.0" }, ct);
        return client;
    }
}
