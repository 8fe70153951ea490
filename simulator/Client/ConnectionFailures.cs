using System.Net.WebSockets;

namespace ChargeMonitor.Simulator.Client;

/// <summary>Which exceptions mean "the link is down or the server did not answer" — worth a reconnect and a resend.</summary>
public static class ConnectionFailures
{
    public static bool IsTransient(Exception ex) => ex is WebSocketException or HttpRequestException or IOException
        or ObjectDisposedException or TimeoutException or System.Net.Sockets.SocketException
        || (ex is InvalidOperationException && ex.InnerException is not null && IsTransient(ex.InnerException));
}
