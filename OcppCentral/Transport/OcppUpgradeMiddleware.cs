using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using OcppCentral.Admission;

namespace OcppCentral.Transport;

/// <summary>
/// Connection middleware on every listener, after TLS (docs/ocpp-endpoint.md, What an idle connection holds): reads the
/// head of a new connection's first request and, when it is a WebSocket upgrade to the OCPP endpoint, answers it here and
/// runs the charger's WebSocket on the connection's transport. Kestrel's HTTP/1.1 connection and request, which would
/// otherwise live as long as the WebSocket, are never made for it. Anything else (the admin API, the console, health,
/// and whatever <see cref="UpgradeRequestHead"/> leaves to Kestrel) goes on to Kestrel with nothing read from it.
/// </summary>
internal sealed class OcppUpgradeMiddleware(ConnectionDelegate next, OcppHandshake handshake, KestrelServerLimits limits)
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var head = await ReadHeadAsync(connection).ConfigureAwait(false);
        if (head is null)
        {
            if (!connection.ConnectionClosed.IsCancellationRequested)
                await next(connection).ConfigureAwait(false);
            return;
        }
        var remoteIp = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (handshake.RefuseId(head.ChargePointId, remoteIp) is { } badId)
        {
            await RefuseAsync(connection.Transport.Output, badId).ConfigureAwait(false);
            return;
        }
        var id = head.ChargePointId!;
        using var scope = handshake.BeginScope(id);
        try
        {
            // The handshake in a method of its own, and the head let go after it: an awaiting method keeps its locals
            // until it returns, and this one lasts as long as the charger's link.
            var socket = await AcceptAsync(connection, head, id, remoteIp).ConfigureAwait(false);
            head = null;
            if (socket is null)
                return;
            using (socket)
                await handshake.ServeAsync(id, socket, remoteIp, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested)
        {
            // The charger left during the handshake or before its first read (its departure is recorded): nothing went wrong here.
        }
    }

    /// <returns>The head of an OCPP upgrade, consumed; null when the connection is Kestrel's, with nothing consumed or examined.</returns>
    private async Task<UpgradeRequestHead?> ReadHeadAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        // Kestrel's own timers start only when it reads, so this keeps them: a connection that says nothing is closed
        // after the time Kestrel gives a request to begin, and one that has begun a head must finish it within the time
        // Kestrel gives request headers (a head sent a byte at a time cannot hold a connection longer).
        using var timeout = new CancellationTokenSource(limits.KeepAliveTimeout);
        var begun = false;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                connection.Abort(new ConnectionAbortedException(begun
                    ? "No complete request head within the request headers timeout."
                    : "No request within the keep-alive timeout."));
                return null;
            }
            var buffer = result.Buffer;
            if (!begun && !buffer.IsEmpty)
            {
                begun = true;
                timeout.CancelAfter(limits.RequestHeadersTimeout);
            }
            var outcome = UpgradeRequestHead.TryRead(buffer, limits, out var head, out var end);
            if (outcome == UpgradeRequestHead.Outcome.Ours)
            {
                // Bytes after the head (a charger that sends its first frame without waiting for the 101) stay for the WebSocket.
                input.AdvanceTo(end);
                return head;
            }
            if (outcome == UpgradeRequestHead.Outcome.NeedMore && !result.IsCompleted && !result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            // Nothing consumed, nothing examined: Kestrel's first read gets the same bytes at once.
            input.AdvanceTo(buffer.Start);
            return null;
        }
    }

    /// <returns>The charger's WebSocket once the 101 is written; null when the upgrade was refused (the refusal is written).</returns>
    private async Task<WebSocket?> AcceptAsync(ConnectionContext connection, UpgradeRequestHead head, string id, IPAddress? remoteIp)
    {
        var output = connection.Transport.Output;
        var tls = connection.Features.Get<ITlsConnectionFeature>();
        HandshakeDecision decision;
        try
        {
            decision = await handshake.DecideAsync(id, head.SubProtocols, head.Authorization,
                new ConnectionSecurity(tls is not null, tls?.ClientCertificate), remoteIp, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The database unreachable while the charger is looked up: the charger sees a 500 and tries again later.
            handshake.Logger.LogError(ex, "The handshake of {ChargePointId} failed", id);
            await RefuseAsync(output, new HandshakeRefusal(StatusCodes.Status500InternalServerError, "The handshake failed; try again later.")).ConfigureAwait(false);
            return null;
        }
        if (decision.Refusal is { } refusal)
        {
            await RefuseAsync(output, refusal).ConfigureAwait(false);
            return null;
        }
        await WriteAsync(output, SwitchingProtocols(head.Key, decision.SubProtocol!)).ConfigureAwait(false);
        var options = handshake.Options;
        return WebSocket.CreateFromStream(new TransportStream(connection), new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = decision.SubProtocol,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
    }

    /// <summary>RFC 6455 §4.2.2: the accept key is the base64 of the SHA-1 of the client's key and the protocol's GUID.</summary>
    internal static string SwitchingProtocols(string key, string subProtocol)
    {
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
        return "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
               $"Sec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: {subProtocol}\r\n\r\n";
    }

    /// <summary>The refusal, with the status and text the HTTP pipeline would send; then the connection closes (a refused charger reconnects anyway).</summary>
    private static Task RefuseAsync(PipeWriter output, HandshakeRefusal refusal)
    {
        var body = Encoding.UTF8.GetBytes(refusal.Message);
        var head = new StringBuilder()
            .Append($"HTTP/1.1 {refusal.StatusCode} {ReasonPhrases.GetReasonPhrase(refusal.StatusCode)}\r\n")
            .Append("Connection: close\r\n")
            .Append($"Content-Length: {body.Length}\r\n");
        if (refusal.Challenge is not null)
            head.Append($"WWW-Authenticate: {refusal.Challenge}\r\n");
        return WriteAsync(output, head.Append("\r\n").ToString(), body);
    }

    private static async Task WriteAsync(PipeWriter output, string head, byte[]? body = null)
    {
        var headBytes = Encoding.ASCII.GetBytes(head);
        output.Write(headBytes);
        if (body is not null)
            output.Write(body);
        await output.FlushAsync().ConfigureAwait(false);
    }
}
