using Microsoft.Extensions.Options;
using OcppCentral.Protocol;

namespace OcppCentral.Transport;

/// <summary>
/// <c>ws://HOST:PORT/ocpp/{chargePointId}</c>: the handshake (path id, subprotocol ocpp1.6, admission),
/// then the connection's life in the registry.
/// </summary>
public static class OcppEndpoint
{
    public const string SubProtocol = "ocpp1.6";

    public static IEndpointRouteBuilder MapOcppEndpoint(this IEndpointRouteBuilder app)
    {
        app.Map("/ocpp/{chargePointId}", HandleAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext http, string chargePointId, ChargerAdmission admission,
        ChargerRegistry registry, OcppRouter router, IOptions<OcppTransportOptions> options, TimeProvider time,
        ChargerPresence presence, ILoggerFactory loggers, IHostApplicationLifetime lifetime)
    {
        var logger = loggers.CreateLogger("OcppCentral.Transport.OcppEndpoint");
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "This is an OCPP 1.6J WebSocket endpoint; connect with a WebSocket upgrade.");
            return;
        }
        if (ChargePointIdentity.Problem(chargePointId) is { } idProblem)
        {
            logger.LogWarning("Refused a connection: {Problem}", idProblem);
            await RefuseAsync(http, StatusCodes.Status400BadRequest, $"Refused: {idProblem}.");
            return;
        }
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.OrdinalIgnoreCase))
        {
            logger.LogWarning("Refused {ChargePointId}: subprotocol {SubProtocol} not offered", chargePointId, SubProtocol);
            await RefuseAsync(http, StatusCodes.Status400BadRequest, $"Offer the WebSocket subprotocol '{SubProtocol}'.");
            return;
        }
        var (status, problem) = await admission.CheckAsync(chargePointId, http.Request.Headers.Authorization, http.RequestAborted);
        if (problem is not null)
        {
            if (status == StatusCodes.Status401Unauthorized)
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"ChargeMonitor\", charset=\"UTF-8\"";
            await RefuseAsync(http, status, problem);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
        var connection = new ChargerConnection(chargePointId, socket, router, options.Value, time, logger);
        await registry.AddAsync(connection, http.RequestAborted);
        logger.LogInformation("{ChargePointId} connected from {RemoteIp}", chargePointId, http.Connection.RemoteIpAddress);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            await connection.RunAsync(stop.Token);
        }
        finally
        {
            registry.Remove(connection);
            await presence.DisconnectedAsync(connection);
            logger.LogInformation("{ChargePointId} disconnected", chargePointId);
        }
    }

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsync(message);
    }
}
