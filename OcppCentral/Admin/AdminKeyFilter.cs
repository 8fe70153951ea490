using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OcppCentral.Admin;

/// <summary>
/// Every /api call needs header X-API-Key equal to the configured key, compared in constant time (SPEC 2).
/// Without a configured key the API answers loopback clients only. Failed attempts are logged without the key.
/// </summary>
public sealed class AdminKeyFilter(IOptions<ChargeMonitorOptions> options, ILogger<AdminKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-API-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configured = options.Value.AdminKey;
        if (string.IsNullOrEmpty(configured))
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is not null && !IPAddress.IsLoopback(remote))
            {
                logger.LogWarning("Refused /api call from {RemoteIp}: no admin key is set, so only loopback clients are served", remote);
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: "No admin key is configured; the admin API answers loopback clients only.");
            }
            return await next(context);
        }

        var presented = http.Request.Headers[HeaderName].ToString();
        if (!KeysMatch(presented, configured))
        {
            logger.LogWarning("Refused /api call from {RemoteIp} to {Path}: {Reason}", http.Connection.RemoteIpAddress, http.Request.Path,
                presented.Length == 0 ? "no X-API-Key header" : "wrong X-API-Key");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"A valid {HeaderName} header is required.");
        }
        return await next(context);
    }

    /// <summary>Hashing both first makes the comparison constant-time regardless of the lengths.</summary>
    public static bool KeysMatch(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
