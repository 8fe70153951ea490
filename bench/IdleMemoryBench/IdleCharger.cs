using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChargeMonitor.Bench;

/// <summary>
/// A charger that boots and then says nothing: one BootNotification, then only a pending receive, which is what
/// answers the server's pings (a WebSocket answers a ping only while a receive is pending). It sends no keep-alive
/// of its own, so everything the server holds for it is what an idle charger costs. The one call the server makes of
/// every booted charger, the read of its display configuration (GetConfiguration, docs/charger-display.md), is answered
/// with every key unknown, so it is over at once instead of waiting for the server's call timeout.
/// </summary>
internal sealed class IdleCharger : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private Task _listening = Task.CompletedTask;
    private readonly TaskCompletionSource _displayReadAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; }

    /// <summary>Completes once the charger has sent its answer to the server's display read.</summary>
    public Task DisplayReadAnswered => _displayReadAnswered.Task;

    /// <summary>False once the server closed or dropped the connection.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open;

    private IdleCharger(string id) => Id = id;

    public static async Task<IdleCharger> BootAsync(Uri server, string id, CancellationToken ct)
    {
        var charger = new IdleCharger(id);
        charger._socket.Options.AddSubProtocol("ocpp1.6");
        charger._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await charger._socket.ConnectAsync(new Uri(server, $"ocpp/{id}"), ct);
        var boot = Encoding.UTF8.GetBytes($"[2,\"boot-{id}\",\"BootNotification\",{{\"chargePointVendor\":\"Bench\",\"chargePointModel\":\"Idle\",\"chargePointSerialNumber\":\"{id}\"}}]");
        await charger._socket.SendAsync(boot, WebSocketMessageType.Text, endOfMessage: true, ct);
        var buffer = new byte[4096];
        var answer = await charger._socket.ReceiveAsync(buffer, ct);
        var text = Encoding.UTF8.GetString(buffer, 0, answer.Count);
        if (answer.MessageType != WebSocketMessageType.Text || !text.StartsWith("[3,", StringComparison.Ordinal))
            throw new InvalidOperationException($"{id}: BootNotification was answered with {text}");
        charger._listening = charger.ListenAsync(buffer);
        return charger;
    }

    /// <summary>Keeps a receive pending until the connection ends; answers the display read, and reads any other CALL and leaves it unanswered.</summary>
    private async Task ListenAsync(byte[] buffer)
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                    return;
                if (received.EndOfMessage && DisplayReadAnswer(buffer.AsSpan(0, received.Count)) is { } answer)
                {
                    await _socket.SendAsync(answer, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    _displayReadAnswered.TrySetResult();
                }
            }
        }
        catch (WebSocketException)
        {
            // The server dropped us: IsOpen says so.
        }
    }

    /// <summary>For a GetConfiguration CALL read whole, its CALLRESULT with every key asked for unknown; null for anything else.</summary>
    internal static byte[]? DisplayReadAnswer(ReadOnlySpan<byte> frame)
    {
        JsonArray? call;
        try
        {
            call = JsonNode.Parse(frame) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
        if (call is not [JsonValue type, JsonValue messageId, JsonValue action, ..] || type.GetValue<int>() != 2
            || action.GetValue<string>() != "GetConfiguration")
            return null;
        var payload = new JsonObject { ["configurationKey"] = new JsonArray() };
        if (call.Count > 3 && call[3]?["key"] is JsonArray { Count: > 0 } keys)
            payload["unknownKey"] = keys.DeepClone();
        return Encoding.UTF8.GetBytes(new JsonArray(3, messageId.GetValue<string>(), payload).ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await _listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
