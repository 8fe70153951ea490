using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using OcppCentral.Admission;
using OcppCentral.Cluster;
using OcppCentral.Operations;
using OcppCentral.Protocol;

namespace OcppCentral.Transport;

/// <summary>
/// <c>ws://HOST:PORT/ocpp/{chargePointId}</c> (or wss://, docs/tls.md): the handshake (WebSocket upgrade, id rules, subprotocol ocpp1.6 in any
/// case, echoed as offered, admission), then the connection's life in the registry.
/// </summary>
public static class OcppEndpoint
{
    public const string SubProtocol = "ocpp1.6";

    public static IEndpointRouteBuilder MapOcppEndpoint(this IEndpointRouteBuilder app)
    {
        // The id is optional in the route so that an empty one is refused with 400 like any other bad id. Short-circuited:
        // routing runs it at once, so the middleware after routing (the console's authentication, the admin API's error
        // pages) is not on the stack of a connection that lives for days, and holds nothing for it.
        app.Map("/ocpp/{chargePointId?}", HandleAsync).ShortCircuit();
        return app;
    }

    private static async Task HandleAsync(HttpContext http, string? chargePointId, ChargerAdmission admission,
        ChargerRegistry registry, OcppRouter router, IOptions<OcppTransportOptions> options, ServerCallTimeout callTimeout,
        TimeProvider time, ChargeMonitorMetrics metrics, MessageLog messageLog, ConnectionHolders holders, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("OcppCentral.Transport.OcppEndpoint");
        if (!http.WebSockets.IsWebSocketRequest)
        {
            metrics.HandshakeRefused("not_websocket");
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "This is an OCPP 1.6J WebSocket endpoint; connect with a WebSocket upgrade.");
            return;
        }
        if (ChargePointIdentity.Problem(chargePointId) is { } idProblem)
        {
            metrics.HandshakeRefused("invalid_id");
            logger.LogWarning("Refused a connection from {RemoteIp}: {Problem}", http.Connection.RemoteIpAddress, idProblem);
            await RefuseAsync(http, StatusCodes.Status400BadRequest, $"Refused: {idProblem}.");
            return;
        }
        var id = chargePointId!;
        // Every line logged from here on while this charger is served carries its id as a field (JSON logs).
        using var scope = logger.BeginScope("Charger {ChargePointId}", id);
        // Matched without case (some chargers send "OCPP1.6"), echoed as the charger spelled it: RFC 6455 §4.1 has a
        // client fail the connection when the server selects a subprotocol it did not offer.
        var offered = http.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => string.Equals(p, SubProtocol, StringComparison.OrdinalIgnoreCase));
        if (offered is null)
        {
            metrics.HandshakeRefused("no_subprotocol");
            logger.LogWarning("Refused {ChargePointId}: subprotocol {SubProtocol} not offered", id, SubProtocol);
            await RefuseAsync(http, StatusCodes.Status400BadRequest, $"Offer the WebSocket subprotocol '{SubProtocol}'.");
            return;
        }
        if (!registry.IsAccepting)
        {
            metrics.HandshakeRefused("shutting_down");
            await RefuseAsync(http, StatusCodes.Status503ServiceUnavailable, "The central system is shutting down; reconnect later.");
            return;
        }
        var (status, problem) = await admission.CheckAsync(id, http.Request.Headers.Authorization,
            new ConnectionSecurity(http.Request.IsHttps, http.Connection.ClientCertificate), http.Connection.RemoteIpAddress?.ToString(),
            http.RequestAborted);
        if (problem is not null)
        {
            metrics.HandshakeRefused(status == StatusCodes.Status401Unauthorized ? "unauthorized" : "unknown_charger");
            if (status == StatusCodes.Status401Unauthorized)
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"ChargeMonitor\", charset=\"UTF-8\"";
            await RefuseAsync(http, status, problem);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(offered);
        var connection = new ChargerConnection(id, socket, router, options.Value, callTimeout, time, metrics, messageLog, logger);
        if (!registry.TryAdd(connection))
        {
            await connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", DisconnectReasons.ServerShutdown);
            return;
        }
        // Instances sharing a PostgreSQL database: the charger is held here from now on, and an older connection elsewhere closes.
        await holders.ClaimAsync(connection);
        admission.Arrived(id, http.Connection.RemoteIpAddress?.ToString());
        logger.LogInformation("{ChargePointId} connected from {RemoteIp}", id, http.Connection.RemoteIpAddress);
        try
        {
            // Read once it is registered, so a change of the setting made meanwhile reaches it (and wins, ChargerConnection).
            connection.DecideLogsMessages(await messageLog.IsOnForAsync(id, http.RequestAborted));
            // Not linked to ApplicationStopping: shutdown closes the socket politely (ChargerShutdown) instead of cancelling it.
            await connection.RunAsync(http.RequestAborted);
        }
        finally
        {
            registry.Remove(connection);
            await holders.ReleaseAsync(connection);
            var end = connection.End;
            await admission.DepartedAsync(id, connection.LastSeen, end.Reason, end.CloseCode);
            connection.MarkDeparted();
            logger.LogInformation("{ChargePointId} disconnected ({Reason})", id, end.Reason);
        }
    }

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsync(message);
    }
}
