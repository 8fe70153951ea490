using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace OcppCentral.Admin;

/// <summary>
/// A request the framework could not bind (a query parameter <c>limit=ten</c> or <c>offset=99999999999</c>, a route
/// value, a body of the wrong shape) answers 400 ProblemDetails naming the parameter, as the endpoints' own checks do
/// (docs/admin-api.md); other refusals of the request (413 too large, 415 not JSON) keep their status. Parameter binding
/// throws instead of answering a bare 400 (<c>RouteHandlerOptions.ThrowOnBadRequest</c>), so this one place sees them all.
/// </summary>
internal sealed partial class BadInputHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted)
            return false;
        var result = bad.StatusCode == StatusCodes.Status400BadRequest
            ? Problems.Invalid(FieldOf(bad), Describe(bad))
            : TypedResults.Problem(statusCode: bad.StatusCode, detail: bad.Message);
        await result.ExecuteAsync(http);
        return true;
    }

    /// <summary>The JSON path inside a body when there is one, else the parameter the framework names in its message.</summary>
    private static string FieldOf(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException { Path: { Length: > 1 } path } && path.StartsWith("$.", StringComparison.Ordinal))
            return path[2..];
        return Parameter().Match(bad.Message) is { Success: true } match ? match.Groups["name"].Value : "$";
    }

    private static string Describe(BadHttpRequestException bad)
    {
        // The framework's message quotes the value sent; keep the answer short whatever was sent.
        var message = bad.Message.Length <= 200 ? bad.Message : bad.Message[..200] + "…";
        return char.IsHighSurrogate(message[^1]) ? message[..^1] : message;
    }

    // Failed to bind parameter "int? limit" from "ten".  Required parameter "string id" was not provided from route.
    [GeneratedRegex("""parameter "(?:[^"]*[ ?>\]])?(?<name>[A-Za-z_][A-Za-z0-9_]*)"?""")]
    private static partial Regex Parameter();
}
