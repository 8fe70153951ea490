using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// A real HTTP receiver for webhook tests: Kestrel on 127.0.0.1 port 0 taking POST /hook, keeping every request as it
/// came and answering with what <see cref="Respond"/> says (200 unless a test says otherwise).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private WebApplication _app = null!;
    private int _count;

    /// <summary>The status to answer a request with; may wait (a slow receiver), observing the request's abort.</summary>
    public Func<ReceivedWebhook, CancellationToken, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    public string Url { get; private set; } = "";

    /// <summary>How many requests came so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var received = new ReceivedWebhook(buffer.ToArray(), http.Request.Headers["X-ChargeMonitor-Signature"].ToString(),
                http.Request.ContentType);
            Interlocked.Increment(ref receiver._count);
            receiver._received.Writer.TryWrite(received);
            http.Response.StatusCode = await receiver.Respond(received, http.RequestAborted);
        });
        await app.StartAsync();
        receiver._app = app;
        receiver.Url = app.Urls.First() + "/hook";
        return receiver;
    }

    /// <summary>The next request, in the order they came.</summary>
    public async Task<ReceivedWebhook> NextAsync(CancellationToken ct) => await _received.Reader.ReadAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST as the receiver got it: the exact body bytes and the signature header.</summary>
public sealed record ReceivedWebhook(byte[] Body, string Signature, string? ContentType)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Type => Json["type"]!.GetValue<string>();

    public JsonNode Data => Json["data"]!;

    /// <summary>What a receiver checks: HMAC-SHA256 of the body with the secret, compared in constant time.</summary>
    public bool IsSignedWith(string secret)
    {
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(Signature));
    }
}
