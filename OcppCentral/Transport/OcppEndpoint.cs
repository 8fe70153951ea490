namespace OcppCentral.Transport;

/// <summary>
/// <c>ws://HOST:PORT/ocpp/{chargePointId}</c> (or wss://, docs/tls.md) through Kestrel's HTTP pipeline. Almost every
/// charger's upgrade is taken off the connection before it gets here (<see cref="OcppUpgradeMiddleware"/>); this route
/// serves what that leaves to Kestrel: a request that is no WebSocket upgrade (refused with 400), an upgrade on a
/// connection that carried other requests before, over HTTP/2, or with a request head Kestrel alone judges. The rules are
/// the same either way (<see cref="OcppHandshake"/>).
/// </summary>
public static class OcppEndpoint
{
    public const string SubProtocol = OcppHandshake.SubProtocol;

    public static IEndpointRouteBuilder MapOcppEndpoint(this IEndpointRouteBuilder app)
    {
        // The id is optional in the route so that an empty one is refused with 400 like any other bad id. Short-circuited:
        // routing runs it at once, so the middleware after routing (the console's authentication, the admin API's error
        // pages) is not on the stack of a connection that lives for days, and holds nothing for it.
        app.Map("/ocpp/{chargePointId?}", HandleAsync).ShortCircuit();
        return app;
    }

    private static async Task HandleAsync(HttpContext http, string? chargePointId, OcppHandshake handshake)
    {
        var remoteIp = http.Connection.RemoteIpAddress;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(http, handshake.NotWebSocket());
            return;
        }
        if (handshake.RefuseId(chargePointId, remoteIp) is { } badId)
        {
            await RefuseAsync(http, badId);
            return;
        }
        var id = chargePointId!;
        using var scope = handshake.BeginScope(id);
        var decision = await handshake.DecideAsync(id, http.WebSockets.WebSocketRequestedProtocols, http.Request.Headers.Authorization,
            new Admission.ConnectionSecurity(http.Request.IsHttps, http.Connection.ClientCertificate), remoteIp, http.RequestAborted);
        if (decision.Refusal is { } refusal)
        {
            await RefuseAsync(http, refusal);
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(decision.SubProtocol);
        await handshake.ServeAsync(id, socket, remoteIp, http.RequestAborted);
    }

    private static Task RefuseAsync(HttpContext http, HandshakeRefusal refusal)
    {
        http.Response.StatusCode = refusal.StatusCode;
        if (refusal.Challenge is not null)
            http.Response.Headers.WWWAuthenticate = refusal.Challenge;
        return http.Response.WriteAsync(refusal.Message);
    }
}
