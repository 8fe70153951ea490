using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace OcppCentral.Transport;

/// <summary>
/// Why a charger's connection ended, as its history shows it (docs/charger-health.md). The first cause wins: a
/// connection the server closed because a newer one replaced it stays Replaced, whatever the charger answers.
/// </summary>
public static class DisconnectReasons
{
    /// <summary>The charger sent a close frame; its close code goes with it.</summary>
    public const string ClosedByCharger = "ClosedByCharger";

    /// <summary>A second connection for the same id replaced this one (the charger stayed online).</summary>
    public const string Replaced = "Replaced";

    public const string ServerShutdown = "ServerShutdown";

    /// <summary>A ping went unanswered for Ocpp:KeepAliveTimeout: the link died silently.</summary>
    public const string KeepAliveTimeout = "KeepAliveTimeout";

    /// <summary>The TCP connection ended without a close frame (a reset, the charger losing power).</summary>
    public const string ConnectionReset = "ConnectionReset";

    public const string MessageTooBig = "MessageTooBig";

    public const string TooManyBadFrames = "TooManyBadFrames";

    /// <summary>The operator deleted the charger (DELETE /api/chargepoints/{id}).</summary>
    public const string Deleted = "Deleted";

    /// <summary>
    /// What an exception that ended the receive loop says. A keep-alive timeout makes the WebSocket abort its own stream,
    /// which Kestrel reports to the pending receive as <see cref="ConnectionAbortedException"/> (the server aborts a socket
    /// itself only after it has noted why), or faults the socket with <see cref="WebSocketError.Faulted"/>; a link the
    /// charger's side broke ends with a reset or a premature end of the stream.
    /// </summary>
    public static string Of(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is ConnectionAbortedException or WebSocketException { WebSocketErrorCode: WebSocketError.Faulted })
                return KeepAliveTimeout;
        }
        return ConnectionReset;
    }
}
