using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>Links that die: silently, abruptly, or all at once, and what GET /api/chargepoints shows afterwards.</summary>
[CancelAfter(60_000)]
public class ReliabilityConnectionTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task SilentLink_ChargerStopsAnsweringPings_IsDroppedByKeepAliveAndShownDisconnectedWithLastSeen()
    {
        await using var server = await TestServer.StartAsync("--Ocpp:KeepAliveInterval", "00:00:00.200", "--Ocpp:KeepAliveTimeout", "00:00:00.500");
        var beforeBoot = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        using var tcp = new TcpClient();
        using var socket = await ConnectWithoutKeepAliveAsync(server, tcp, "CP-SILENT");
        await SendBootAndReadAnswerAsync(socket);
        Assert.That(server.GetService<ChargerRegistry>().TryGet("CP-SILENT", out var connection), Is.True);

        // From here nothing reads the socket, so the server's pings go unanswered, as over a dead mobile link.
        await connection.Departed.WaitAsync(Ct);

        var charger = await server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-SILENT");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(charger["connected"]!.GetValue<bool>(), Is.False);
            Assert.That(charger["lastSeen"]!.GetValue<DateTimeOffset>(), Is.GreaterThanOrEqualTo(beforeBoot));
        }
        // The history (docs/charger-health.md) says why: the keep-alive, not a reset.
        var kinds = await EventKindsAsync(server, "CP-SILENT");
        Assert.That(kinds, Does.Contain(("KeepAliveTimeout", (string?)null)).And.Contain(("Disconnected", (string?)"KeepAliveTimeout")));
    }

    [Test]
    public async Task SlowServer_HandlerWaitsLongerThanTheKeepAlive_ChargerAnsweringPingsStaysConnectedAndIsAnswered()
    {
        var interval = TimeSpan.FromMilliseconds(300);
        var timeout = TimeSpan.FromSeconds(1);
        // On SQLite whatever the suite's backend: the stall below is SQLite's write lock.
        await using var server = await TestServer.StartAsync(TestBackend.Sqlite, TimeProvider.System,
            "--Ocpp:KeepAliveInterval", interval.ToString(), "--Ocpp:KeepAliveTimeout", timeout.ToString());
        await using var charger = await Chargers.BootAsync(server, "CP-PATIENT", ct: Ct);
        Assert.That(server.GetService<ChargerRegistry>().TryGet("CP-PATIENT", out var connection), Is.True);

        Task<JObject> heartbeat;
        // Another connection holds the database's write lock, so the heartbeat's write waits, as behind a stalled disk.
        await using (var blocker = new SqliteConnection($"Data Source={server.DatabasePath};Pooling=False"))
        {
            await blocker.OpenAsync(Ct);
            await using (var command = new SqliteCommand("BEGIN IMMEDIATE", blocker))
                await command.ExecuteNonQueryAsync(Ct);
            heartbeat = charger.CallAsync("Heartbeat", new { }, Ct);
            // How long the server stays slow: longer than a ping interval and its timeout together, so the keep-alive
            // has judged the link while the heartbeat was in hand. The client answers every ping meanwhile.
            await Task.Delay(interval + timeout + TimeSpan.FromSeconds(1), Ct);
            Assert.That(heartbeat.IsCompleted, Is.False, "the heartbeat is still waiting for the database");
        }

        var answer = await heartbeat.WaitAsync(Ct);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer["currentTime"], Is.Not.Null);
            Assert.That(charger.State, Is.EqualTo(WebSocketState.Open));
            Assert.That(connection.Departed.IsCompleted, Is.False);
        }
    }

    [Test]
    public async Task AbortedTcpConnection_IsShownDisconnectedWithLastSeen()
    {
        await using var server = await TestServer.StartAsync();
        var charger = await Chargers.BootAsync(server, "CP-ABORT", ct: Ct);
        Assert.That(server.GetService<ChargerRegistry>().TryGet("CP-ABORT", out var connection), Is.True);

        charger.Abort(); // the end of this client: no close frame, as when a charger loses power
        await connection.Departed.WaitAsync(Ct);

        var listed = await server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-ABORT");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed["connected"]!.GetValue<bool>(), Is.False);
            Assert.That(listed["lastSeen"], Is.Not.Null);
        }
        Assert.That(await EventKindsAsync(server, "CP-ABORT"), Does.Contain(("Disconnected", (string?)"ConnectionReset")));
    }

    [Test]
    public async Task FiveHundredChargers_DroppedAndReconnectingAtOnce_AreAllBootedAndListedConnected()
    {
        const int count = 500;
        var ids = Enumerable.Range(0, count).Select(i => $"CP-STORM-{i:D3}").ToArray();
        await using var server = await TestServer.StartAsync();
        var firstGeneration = await Task.WhenAll(ids.Select(id => Chargers.BootAsync(server, id, ct: Ct)));

        // Every link drops at once (a site's network fails) and every charger reconnects straight away.
        foreach (var charger in firstGeneration)
            charger.Abort();
        var secondGeneration = await Task.WhenAll(ids.Select(id => Chargers.BootAsync(server, id, ct: Ct)));

        try
        {
            var listed = await server.GetJsonAsync<JsonArray>("/api/chargepoints");
            var connected = listed.Where(c => c!["connected"]!.GetValue<bool>()).Select(c => c!["id"]!.GetValue<string>());
            var booted = listed.Where(c => c!["vendor"]?.GetValue<string>() == "TestVendor").Select(c => c!["id"]!.GetValue<string>());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(connected, Is.EquivalentTo(ids));
                Assert.That(booted, Is.EquivalentTo(ids));
                Assert.That(server.GetService<ChargerRegistry>().Count, Is.EqualTo(count));
            }
        }
        finally
        {
            await Task.WhenAll(secondGeneration.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// A WebSocket made by hand over TCP, without client keep-alive: it answers pings only while someone reads it,
    /// which is what lets a test stop answering them.
    /// </summary>
    private static async Task<WebSocket> ConnectWithoutKeepAliveAsync(TestServer server, TcpClient tcp, string chargePointId)
    {
        await tcp.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port, Ct);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET /ocpp/{chargePointId} HTTP/1.1\r\nHost: {server.BaseUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {OcppEndpoint.SubProtocol}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        // Byte by byte, so nothing after the header is taken from the WebSocket.
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, Ct) == 0)
                throw new IOException("The server closed the connection during the handshake.");
            head.Append((char)one[0]);
        }
        Assert.That(head.ToString(), Does.StartWith("HTTP/1.1 101"));
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = false, SubProtocol = OcppEndpoint.SubProtocol, KeepAliveInterval = Timeout.InfiniteTimeSpan,
        });
    }

    private static async Task SendBootAndReadAnswerAsync(WebSocket socket)
    {
        var boot = """[2,"boot-1","BootNotification",{"chargePointVendor":"TestVendor","chargePointModel":"T1"}]""";
        await socket.SendAsync(Encoding.UTF8.GetBytes(boot), WebSocketMessageType.Text, endOfMessage: true, Ct);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, Ct);
        Assert.That(Encoding.UTF8.GetString(buffer, 0, received.Count), Does.StartWith("""[3,"boot-1",""").And.Contains("Accepted"));
    }

    /// <summary>The charger's history as (kind, reason) pairs; a departed connection's events are committed once it has departed.</summary>
    private static async Task<List<(string, string?)>> EventKindsAsync(TestServer server, string id)
    {
        var page = await server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}/events");
        return page["items"]!.AsArray().Select(e => (e!["kind"]!.GetValue<string>(), e["reason"]?.GetValue<string>())).ToList();
    }
}
