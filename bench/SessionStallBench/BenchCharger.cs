using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ChargeMonitor.Bench;

/// <summary>A minimal OCPP 1.6J charge point over a raw WebSocket: one call at a time, timed from send to answer.</summary>
internal sealed class BenchCharger : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _nextId;

    public string Id { get; }

    private BenchCharger(string id) => Id = id;

    public static async Task<BenchCharger> ConnectAsync(Uri server, string id)
    {
        var charger = new BenchCharger(id);
        charger._socket.Options.AddSubProtocol("ocpp1.6");
        await charger._socket.ConnectAsync(new Uri(server, $"ocpp/{id}"), CancellationToken.None);
        return charger;
    }

    /// <returns>The answer's payload and the time from sending the call to reading its answer.</returns>
    public async Task<(JsonNode Payload, TimeSpan Took)> CallAsync(string action, string payloadJson)
    {
        var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
        var frame = Encoding.UTF8.GetBytes($"[2,\"{id}\",\"{action}\",{payloadJson}]");
        var watch = Stopwatch.StartNew();
        await _socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            var text = await ReceiveAsync();
            var message = JsonNode.Parse(text)!.AsArray();
            if (message[1]!.GetValue<string>() != id)
                continue;
            if (message[0]!.GetValue<int>() != 3)
                throw new InvalidOperationException($"{Id} {action}: {text}");
            return (message[2]!, watch.Elapsed);
        }
    }

    private async Task<string> ReceiveAsync()
    {
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new InvalidOperationException($"{Id}: the server closed the connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
            length += result.Count;
            if (result.EndOfMessage)
                return Encoding.UTF8.GetString(_buffer, 0, length);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Boot => """{"chargePointVendor":"Bench","chargePointModel":"B1"}""";

    public static string Start(int connector, DateTimeOffset at) =>
        $$"""{"connectorId":{{connector}},"idTag":"BENCH","meterStart":0,"timestamp":"{{Iso(at)}}"}""";

    public static string Stop(long transactionId, long meterStop, DateTimeOffset at) =>
        $$"""{"transactionId":{{transactionId}},"meterStop":{{meterStop}},"timestamp":"{{Iso(at)}}","reason":"EVDisconnected"}""";

    /// <summary>One MeterValues of six sampled values, as the simulator's load mode sends: register, power, three currents, SoC.</summary>
    public static string MeterValues(int connector, long transactionId, DateTimeOffset at, long registerWh) =>
        $$"""
        {"connectorId":{{connector}},"transactionId":{{transactionId}},"meterValue":[{"timestamp":"{{Iso(at)}}","sampledValue":[
        {"value":"{{registerWh}}","measurand":"Energy.Active.Import.Register","unit":"Wh"},
        {"value":"7200","measurand":"Power.Active.Import","unit":"W"},
        {"value":"10","measurand":"Current.Import","phase":"L1","unit":"A"},
        {"value":"10","measurand":"Current.Import","phase":"L2","unit":"A"},
        {"value":"10","measurand":"Current.Import","phase":"L3","unit":"A"},
        {"value":"50","measurand":"SoC","unit":"Percent"}]}]}
        """;
}
