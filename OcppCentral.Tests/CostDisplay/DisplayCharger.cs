extern alias sim;
using System.Threading.Channels;
using Newtonsoft.Json.Linq;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;
using SimCall = sim::OcppCentral.Protocol.OcppCall;
using SimCallError = sim::OcppCentral.Protocol.OcppCallError;

namespace OcppCentral.Tests.CostDisplay;

/// <summary>
/// A raw charger for the cost-display tests: it answers GetConfiguration with the display keys it is given, answers
/// everything else Accepted (or as <see cref="Answer"/> says), and keeps every server call it received, in order.
/// </summary>
public sealed class DisplayCharger : IAsyncDisposable
{
    private readonly Channel<SimCall> _calls = Channel.CreateUnbounded<SimCall>();
    private readonly Dictionary<string, string> _keys;

    private DisplayCharger(OcppClient client, Dictionary<string, string> keys)
    {
        Client = client;
        _keys = keys;
        client.ServerCallHandler = call =>
        {
            _calls.Writer.TryWrite(call);
            return Task.FromResult(Answer(call) ?? Default(call));
        };
    }

    public OcppClient Client { get; }

    /// <summary>A test's own answer to a call; null answers as a charger that accepts everything.</summary>
    public Func<SimCall, object?> Answer { get; set; } = _ => null;

    /// <summary>Connects and boots; <paramref name="keys"/> are the display keys it reports (none: a charger without a display).</summary>
    public static async Task<DisplayCharger> BootAsync(TestServer server, string id, IReadOnlyDictionary<string, string>? keys = null,
        CancellationToken ct = default)
    {
        var client = await Chargers.ConnectAsync(server, id, ct: ct);
        var charger = new DisplayCharger(client, new Dictionary<string, string>(keys ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase));
        await client.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1", firmwareVersion = "1.0" }, ct);
        return charger;
    }

    /// <summary>A display that supports California Pricing, with its decimals and language.</summary>
    public static Dictionary<string, string> Supporting(int decimals = 2, string language = "en") => new()
    {
        ["CustomDisplayCostAndPrice"] = "true",
        ["NumberOfDecimalsForCostValues"] = decimals.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Language"] = language,
    };

    /// <summary>The next server call received, waiting for it.</summary>
    public async Task<SimCall> NextAsync(CancellationToken ct) => await _calls.Reader.ReadAsync(ct);

    /// <summary>The next server call, which must be <paramref name="action"/> (and, for DataTransfer, of <paramref name="messageId"/>).</summary>
    public async Task<SimCall> NextAsync(string action, string? messageId, CancellationToken ct)
    {
        var call = await NextAsync(ct);
        Assert.That(call.Action + (messageId is null ? "" : "/" + call.Payload["messageId"]), Is.EqualTo(action + (messageId is null ? "" : "/" + messageId)),
            $"received {call.Action} {call.Payload}");
        return call;
    }

    /// <summary>The data of a DataTransfer of <paramref name="messageId"/>, the next call received.</summary>
    public async Task<JObject> NextDataAsync(string messageId, CancellationToken ct)
    {
        var call = await NextAsync("DataTransfer", messageId, ct);
        Assert.That(call.Payload["vendorId"]!.ToString(), Is.EqualTo("org.openchargealliance.costmsg"));
        return JObject.Parse(call.Payload["data"]!.ToString());
    }

    /// <summary>The calls received and not yet read.</summary>
    public IReadOnlyList<SimCall> Pending()
    {
        var pending = new List<SimCall>();
        while (_calls.Reader.TryRead(out var call))
            pending.Add(call);
        return pending;
    }

    private object Default(SimCall call) => call.Action switch
    {
        "GetConfiguration" => new
        {
            configurationKey = call.Payload["key"]!.Select(k => k.ToString()).Where(_keys.ContainsKey)
                .Select(k => new { key = k, @readonly = k != "Language", value = _keys[k] }).ToArray(),
            unknownKey = call.Payload["key"]!.Select(k => k.ToString()).Where(k => !_keys.ContainsKey(k)).ToArray(),
        },
        "DataTransfer" => new { status = "Accepted" },
        "ChangeConfiguration" => new { status = "Accepted" },
        _ => SimCallError.Create(call.MessageId, "NotImplemented", $"{call.Action} is not handled here."),
    };

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
