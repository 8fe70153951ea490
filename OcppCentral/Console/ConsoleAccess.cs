using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OcppCentral.Web;

/// <summary>
/// Who may use the console (docs/console.md): with an admin key configured, a browser signed in with that key (an
/// HttpOnly, SameSite=Strict cookie; any of the named keys will do); without one, loopback clients only, like the admin API. Every form that changes
/// something carries an antiforgery token, checked here before the handler runs.
/// </summary>
public sealed class ConsoleAccess(IOptions<ChargeMonitorOptions> options, IAntiforgery antiforgery, ILogger<ConsoleAccess> logger)
    : IEndpointFilter
{
    public const string Scheme = "ChargeMonitor.Console";
    public const string AntiforgeryField = "__csrf";
    private const string KeyClaim = "admin-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configured = options.Value.NamedAdminKeys();
        if (configured.Count == 0)
        {
            if (!IsLoopback(http))
            {
                logger.LogWarning("Refused console request from {RemoteIp}: no admin key is set, so only loopback clients are served",
                    http.Connection.RemoteIpAddress);
                return Results.Text("No admin key is configured; the console answers loopback clients only.", statusCode: StatusCodes.Status403Forbidden);
            }
        }
        else if (!await IsSignedInAsync(http, configured))
        {
            // An htmx refresh after the sign-in ran out would paste the sign-in page into the overview; send the page there instead.
            var target = "/sign-in?returnUrl=" + Uri.EscapeDataString(HttpMethods.IsGet(http.Request.Method) ? http.Request.Path + http.Request.QueryString : "/");
            if (http.Request.Headers.ContainsKey("HX-Request"))
            {
                http.Response.Headers["HX-Redirect"] = target;
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }
            return Results.Redirect(target);
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !await antiforgery.IsRequestValidAsync(http))
        {
            logger.LogWarning("Refused console {Method} {Path} from {RemoteIp}: missing or invalid antiforgery token",
                http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress);
            return Results.Text("The form has expired or did not come from this console. Go back, reload the page and try again.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    }

    public static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);

    /// <summary>
    /// The cookie holds a fingerprint of the key it was issued for (not the key), so changing the admin key signs every
    /// browser out.
    /// </summary>
    private static async Task<bool> IsSignedInAsync(HttpContext http, IReadOnlyList<(string Name, string Key)> configured)
    {
        var result = await http.AuthenticateAsync(Scheme);
        return result.Succeeded && result.Principal.FindFirstValue(KeyClaim) is { } fingerprint
                                && configured.Any(k => Fingerprint(k.Key) == fingerprint);
    }

    /// <summary>A signed-in browser: the name of the key it signed in with (its actor) and the key's fingerprint.</summary>
    public static ClaimsPrincipal Principal(string name, string key) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(KeyClaim, Fingerprint(key))], Scheme));

    private static string Fingerprint(string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("ChargeMonitor console\n" + key)))[..32];
}
