using System.Net.WebSockets;
using System.Text;

namespace ChargeMonitor.Bench;

/// <summary>
/// A charger that boots and then says nothing: one BootNotification, then only a pending receive, which is what
/// answers the server's pings (a WebSocket answers a ping only while a receive is pending). It sends no keep-alive
/// of its own, so everything the server holds for it is what an idle charger costs.
/// </summary>
internal sealed class IdleCharger : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private Task _listening = Task.CompletedTask;

    public string Id { get; }

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

    /// <summary>Keeps a receive pending until the connection ends; a CALL from the server is read and left unanswered.</summary>
    private async Task ListenAsync(byte[] buffer)
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                    return;
            }
        }
        catch (WebSocketException)
        {
            // The server dropped us: IsOpen says so.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await _listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
