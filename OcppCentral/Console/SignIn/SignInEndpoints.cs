using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OcppCentral.Admin;

namespace OcppCentral.Web.SignIn;

/// <summary>/sign-in and /sign-out: the admin key, compared in constant time, exchanged for the console's cookie.</summary>
public static class SignInEndpoints
{
    public static WebApplication MapSignIn(this WebApplication app)
    {
        app.MapGet("/sign-in", Form).ExcludeFromDescription();
        app.MapPost("/sign-in", SignInAsync).ExcludeFromDescription();
        app.MapPost("/sign-out", SignOutAsync).AddEndpointFilter<ConsoleAccess>().ExcludeFromDescription();
        return app;
    }

    private static RazorComponentResult Form(string? returnUrl, IOptions<ChargeMonitorOptions> options) =>
        Page(options, Local(returnUrl), null, StatusCodes.Status200OK);

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, IOptions<ChargeMonitorOptions> options,
        KeyAttemptLimiter limiter, ILogger<ConsoleAccess> logger)
    {
        var configured = options.Value.NamedAdminKeys();
        if (configured.Count == 0)
            return Results.Redirect("/");
        if (!await antiforgery.IsRequestValidAsync(http))
            return Page(options, "/", "The form has expired. Please sign in again.", StatusCodes.Status400BadRequest);
        if (limiter.RetryAfter(http.Connection.RemoteIpAddress) is { } wait)
        {
            logger.LogWarning("Refused console sign-in from {RemoteIp}: too many wrong admin keys", http.Connection.RemoteIpAddress);
            var page = Page(options, "/", "Too many wrong keys from this address. Please wait a few minutes.", StatusCodes.Status429TooManyRequests);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return page;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = Local(form["returnUrl"]);
        var presented = form["key"].ToString();
        if (presented.Length == 0 || AdminKeyMiddleware.MatchingName(presented, configured) is not { } name)
        {
            limiter.Failed(http.Connection.RemoteIpAddress);
            logger.LogWarning("Failed console sign-in from {RemoteIp}", http.Connection.RemoteIpAddress);
            return Page(options, returnUrl, "That is not the admin key.", StatusCodes.Status401Unauthorized);
        }
        await http.SignInAsync(ConsoleAccess.Scheme, ConsoleAccess.Principal(name, presented));
        logger.LogInformation("Console sign-in from {RemoteIp}", http.Connection.RemoteIpAddress);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, ILogger<ConsoleAccess> logger)
    {
        await http.SignOutAsync(ConsoleAccess.Scheme);
        logger.LogInformation("Console sign-out from {RemoteIp}", http.Connection.RemoteIpAddress);
        return Results.Redirect("/sign-in");
    }

    private static RazorComponentResult Page(IOptions<ChargeMonitorOptions> options, string returnUrl, string? error, int status) =>
        new RazorComponentResult<SignInPage>(new { KeyConfigured = options.Value.NamedAdminKeys().Count > 0, ReturnUrl = returnUrl, Error = error })
        {
            StatusCode = status,
        };

    /// <summary>Only a path on this server: a returnUrl pointing elsewhere would make the sign-in an open redirect.</summary>
    private static string Local(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) ? u : "/";
}
