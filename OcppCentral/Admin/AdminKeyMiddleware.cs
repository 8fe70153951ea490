using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OcppCentral.Admin;

/// <summary>
/// Every /api call needs header X-API-Key equal to a configured key (<c>--admin-key</c>, or one of the named <c>AdminKeys</c>),
/// compared in constant time (docs/operations.md); the key's name is the call's actor (docs/corrections.md).
/// Without a configured key the API answers loopback clients only. Failed attempts are logged without the key.
/// A middleware, not an endpoint filter: it runs before the endpoint reads and binds the request body, so an
/// unauthenticated client gets its 401 without the server parsing what it sent. Wrong keys count towards
/// <see cref="KeyAttemptLimiter"/>'s limit per remote address (429 beyond it).
/// </summary>
public sealed class AdminKeyMiddleware(RequestDelegate next, IOptions<ChargeMonitorOptions> options, KeyAttemptLimiter limiter,
    ILogger<AdminKeyMiddleware> logger)
{
    public const string HeaderName = "X-API-Key";

    /// <summary>The actor of calls from loopback clients while no key is set.</summary>
    public const string LocalActor = "local";

    private const string ActorItem = "ChargeMonitor.Actor";

    /// <summary>Who makes this call: the name of the admin key it presented (what corrections and the audit record).</summary>
    public static string ActorOf(HttpContext http) => http.Items[ActorItem] as string ?? LocalActor;

    public async Task InvokeAsync(HttpContext http)
    {
        if (Refusal(http) is { } refusal)
            await refusal.ExecuteAsync(http);
        else
            await next(http);
    }

    private IResult? Refusal(HttpContext http)
    {
        var configured = options.Value.NamedAdminKeys();
        if (configured.Count == 0)
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is null || IPAddress.IsLoopback(remote))
            {
                http.Items[ActorItem] = LocalActor;
                return null;
            }
            logger.LogWarning("Refused /api call from {RemoteIp}: no admin key is set, so only loopback clients are served", remote);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "No admin key is configured; the admin API answers loopback clients only.");
        }

        var presented = http.Request.Headers[HeaderName].ToString();
        if (presented.Length > 0 && limiter.RetryAfter(http.Connection.RemoteIpAddress) is { } wait)
        {
            logger.LogWarning("Refused /api call from {RemoteIp}: too many wrong admin keys", http.Connection.RemoteIpAddress);
            return KeyAttemptLimiter.TooMany(http, wait, problem: true);
        }
        if (presented.Length > 0 && MatchingName(presented, configured) is { } name)
        {
            http.Items[ActorItem] = name;
            return null;
        }
        if (presented.Length > 0)
            limiter.Failed(http.Connection.RemoteIpAddress);
        logger.LogWarning("Refused /api call from {RemoteIp} to {Path}: {Reason}", http.Connection.RemoteIpAddress, http.Request.Path,
            presented.Length == 0 ? "no X-API-Key header" : "wrong X-API-Key");
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: $"A valid {HeaderName} header is required.");
    }

    /// <summary>
    /// The name of the configured key equal to <paramref name="presented"/>, or null. Every key is compared, in constant time,
    /// whichever matches, so the time taken says nothing about which key or how much of it was right.
    /// </summary>
    public static string? MatchingName(string presented, IReadOnlyList<(string Name, string Key)> configured)
    {
        string? found = null;
        foreach (var (name, key) in configured)
        {
            if (KeysMatch(presented, key))
                found = name;
        }
        return found;
    }

    /// <summary>Hashing both first makes the comparison constant-time regardless of the lengths.</summary>
    public static bool KeysMatch(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
