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

    /// <summary>
    /// Connects and boots a charger without a cost display: after the boot the server reads its display configuration
    /// (docs/charger-display.md); this answers that call as a charger without those keys, and returns once the answer is
    /// written, so a test's own server-call handler never sees it and the server reads the answer before the test's next CALL.
    /// </summary>
    public static async Task<OcppClient> BootAsync(Uri endpoint, string id, string? password = null, CancellationToken ct = default)
    {
        var client = await ConnectAsync(endpoint, id, password, ct);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ServerCallHandler = call =>
        {
            if (call.Action != "GetConfiguration")
                return Task.FromResult<object>(sim::OcppCentral.Protocol.OcppCallError.Create(call.MessageId, "NotImplemented", $"{call.Action} is not handled here."));
            return Task.FromResult<object>(new ServerCallReply(new { configurationKey = Array.Empty<object>(), unknownKey = call.Payload["key"] },
                () =>
                {
                    asked.TrySetResult();
                    return Task.CompletedTask;
                }));
        };
        await client.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1", firmwareVersion = "1.0" }, ct);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        client.ServerCallHandler = null;
        return client;
    }
}
