using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using OcppCentral.Admission;
using OcppCentral.Cluster;
using OcppCentral.Operations;
using OcppCentral.Protocol;

namespace OcppCentral.Transport;

/// <summary>
/// The rules of the OCPP handshake (docs/ocpp-endpoint.md, Connecting) and a charger's life once it is accepted, in one
/// place for both ways an upgrade arrives: read off the connection by <see cref="OcppUpgradeMiddleware"/> (almost every
/// charger), or through Kestrel's HTTP pipeline by <see cref="OcppEndpoint"/> (what the middleware leaves to Kestrel).
/// Each way only reads the request and writes the answer; what is accepted, refused with which status, and what happens
/// to an accepted charger is decided here.
/// </summary>
public sealed class OcppHandshake(ChargerAdmission admission, ChargerRegistry registry, OcppRouter router,
    IOptions<OcppTransportOptions> options, ServerCallTimeout callTimeout, TimeProvider time, ChargeMonitorMetrics metrics,
    MessageLog messageLog, ConnectionHolders holders, ILoggerFactory loggers)
{
    public const string SubProtocol = "ocpp1.6";

    private const string BasicChallenge = "Basic realm=\"ChargeMonitor\", charset=\"UTF-8\"";

    /// <summary>Log category of the endpoint, whichever way the upgrade came.</summary>
    public ILogger Logger { get; } = loggers.CreateLogger("OcppCentral.Transport.OcppEndpoint");

    public OcppTransportOptions Options => options.Value;

    /// <summary>A request to the endpoint that is no WebSocket upgrade.</summary>
    public HandshakeRefusal NotWebSocket()
    {
        metrics.HandshakeRefused("not_websocket");
        return new HandshakeRefusal(StatusCodes.Status400BadRequest, "This is an OCPP 1.6J WebSocket endpoint; connect with a WebSocket upgrade.");
    }

    /// <returns>The refusal of an id that breaks the rules of <see cref="ChargePointIdentity"/>, or null for a good one.</returns>
    public HandshakeRefusal? RefuseId(string? chargePointId, IPAddress? remoteIp)
    {
        if (ChargePointIdentity.Problem(chargePointId) is not { } problem)
            return null;
        metrics.HandshakeRefused("invalid_id");
        Logger.LogWarning("Refused a connection from {RemoteIp}: {Problem}", remoteIp, problem);
        return new HandshakeRefusal(StatusCodes.Status400BadRequest, $"Refused: {problem}.");
    }

    /// <summary>Every line logged while this charger is served carries its id as a field (JSON logs).</summary>
    public IDisposable? BeginScope(string chargePointId) => Logger.BeginScope("Charger {ChargePointId}", chargePointId);

    /// <summary>The rest of the handshake for a good id: subprotocol, shutdown, admission (credentials, certificate, security profile).</summary>
    /// <param name="offeredSubProtocols">The subprotocols of Sec-WebSocket-Protocol, one by one.</param>
    /// <returns>The subprotocol to echo, or why the upgrade is refused.</returns>
    public async Task<HandshakeDecision> DecideAsync(string chargePointId, IEnumerable<string> offeredSubProtocols, string? authorization,
        ConnectionSecurity security, IPAddress? remoteIp, CancellationToken ct)
    {
        // Matched without case (some chargers send "OCPP1.6"), echoed as the charger spelled it: RFC 6455 §4.1 has a
        // client fail the connection when the server selects a subprotocol it did not offer.
        var offered = offeredSubProtocols.FirstOrDefault(p => string.Equals(p, SubProtocol, StringComparison.OrdinalIgnoreCase));
        if (offered is null)
        {
            metrics.HandshakeRefused("no_subprotocol");
            Logger.LogWarning("Refused {ChargePointId}: subprotocol {SubProtocol} not offered", chargePointId, SubProtocol);
            return HandshakeDecision.Refuse(StatusCodes.Status400BadRequest, $"Offer the WebSocket subprotocol '{SubProtocol}'.");
        }
        if (!registry.IsAccepting)
        {
            metrics.HandshakeRefused("shutting_down");
            return HandshakeDecision.Refuse(StatusCodes.Status503ServiceUnavailable, "The central system is shutting down; reconnect later.");
        }
        var (status, problem) = await admission.CheckAsync(chargePointId, authorization, security, remoteIp?.ToString(), ct).ConfigureAwait(false);
        if (problem is null)
            return new HandshakeDecision(offered, null);
        var unauthorized = status == StatusCodes.Status401Unauthorized;
        metrics.HandshakeRefused(unauthorized ? "unauthorized" : "unknown_charger");
        return new HandshakeDecision(null, new HandshakeRefusal(status, problem, unauthorized ? BasicChallenge : null));
    }

    /// <summary>An accepted charger's connection, from its registration to its departure.</summary>
    /// <param name="aborted">Signalled when the connection is lost.</param>
    public async Task ServeAsync(string chargePointId, WebSocket socket, IPAddress? remoteIp, CancellationToken aborted)
    {
        var connection = new ChargerConnection(chargePointId, socket, router, options.Value, callTimeout, time, metrics, messageLog, Logger);
        if (!registry.TryAdd(connection))
        {
            await connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", DisconnectReasons.ServerShutdown).ConfigureAwait(false);
            return;
        }
        // Instances sharing a PostgreSQL database: the charger is held here from now on, and an older connection elsewhere closes.
        await holders.ClaimAsync(connection).ConfigureAwait(false);
        admission.Arrived(chargePointId, remoteIp?.ToString());
        Logger.LogInformation("{ChargePointId} connected from {RemoteIp}", chargePointId, remoteIp);
        try
        {
            // Read once it is registered, so a change of the setting made meanwhile reaches it (and wins, ChargerConnection).
            connection.DecideLogsMessages(await messageLog.IsOnForAsync(chargePointId, aborted).ConfigureAwait(false));
            // Not linked to ApplicationStopping: shutdown closes the socket politely (ChargerShutdown) instead of cancelling it.
            await connection.RunAsync(aborted).ConfigureAwait(false);
        }
        finally
        {
            registry.Remove(connection);
            await holders.ReleaseAsync(connection).ConfigureAwait(false);
            var end = connection.End;
            await admission.DepartedAsync(chargePointId, connection.LastSeen, end.Reason, end.CloseCode).ConfigureAwait(false);
            connection.MarkDeparted();
            Logger.LogInformation("{ChargePointId} disconnected ({Reason})", chargePointId, end.Reason);
        }
    }
}
