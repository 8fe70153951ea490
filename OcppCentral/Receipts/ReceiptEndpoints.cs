using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.Sessions;
using OcppCentral.Storage;
using OcppCentral.Web;

namespace OcppCentral.Receipts;

/// <summary>
/// The driver's receipt (docs/receipts.md), public and without a key: <c>/receipt/{token}</c> (the page),
/// <c>/receipt/{token}.json</c>, <c>/receipt/{token}/live</c> (the running cost htmx refreshes) and
/// <c>POST /receipt/{token}/feedback</c>. A malformed token and an unknown one get the same 404, and every answer
/// tells the browser not to cache it, not to send it on as a referrer and the search engines not to index it.
/// </summary>
public static class ReceiptEndpoints
{
    public const int FeedbackPerHour = 3;
    private const string JsonSuffix = ".json";

    public static WebApplication MapReceipts(this WebApplication app)
    {
        var receipts = app.MapGroup("/receipt").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Robots-Tag"] = "noindex";
            return await next(context);
        });
        receipts.MapGet("/{token}", GetAsync);
        receipts.MapGet("/{token}/live", LiveAsync);
        receipts.MapPost("/{token}/feedback", FeedbackAsync);
        return app;
    }

    /// <summary>The same answer for every token that opens nothing, well-formed or not.</summary>
    private static IResult NotFound() => Results.Text("There is no such receipt.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> GetAsync(string token, HttpContext http, SessionStore sessions, SessionRecords records,
        MeterValueStore meterValues, ConsoleZone zones, TimeProvider time, CancellationToken ct)
    {
        var json = token.EndsWith(JsonSuffix, StringComparison.Ordinal);
        if (json)
            token = token[..^JsonSuffix.Length];
        if (await LoadAsync(http, token, sessions, records, meterValues, time, ct) is not { } receipt)
            return NotFound();
        if (json)
            return Results.Json(receipt);
        return new RazorComponentResult<ReceiptPage>(new
        {
            Receipt = receipt, Token = token, Zone = await zones.GetAsync(ct), Outcome = http.Request.Query["feedback"].ToString(),
        });
    }

    private static async Task<IResult> LiveAsync(string token, HttpContext http, SessionStore sessions, SessionRecords records, MeterValueStore meterValues,
        ConsoleZone zones, TimeProvider time, CancellationToken ct) =>
        await LoadAsync(http, token, sessions, records, meterValues, time, ct) is { } receipt
            ? new RazorComponentResult<ReceiptLive>(new { Receipt = receipt, Token = token, Zone = await zones.GetAsync(ct) })
            : NotFound();

    /// <summary>
    /// Feedback from the receipt's form, read into the admin endpoint's <see cref="FeedbackForm"/> and stored as it stores
    /// it, at most <see cref="FeedbackPerHour"/> per session per hour. A success redirects back to the receipt with a thank
    /// you (post, redirect, get); the form's errors answer 400 and the limit 429, each on the receipt page.
    /// </summary>
    private static async Task<IResult> FeedbackAsync(string token, HttpContext http, IAntiforgery antiforgery, SessionStore sessions,
        SessionRecords records, MeterValueStore meterValues, FeedbackStore feedback, ConsoleZone zones, TimeProvider time,
        ILogger<Receipt> logger, CancellationToken ct)
    {
        if (!ReceiptToken.IsWellFormed(token) || await sessions.FindByReceiptTokenAsync(token, ct) is not { } session)
            return NotFound();
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.Text("The form has expired. Please reload the receipt and send it again.", statusCode: StatusCodes.Status400BadRequest);
        var fields = await http.Request.ReadFormAsync(ct);
        var ratingText = fields["rating"].ToString();
        var comment = fields["comment"].ToString();
        object? rating = int.TryParse(ratingText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r)
            ? r : ratingText.Length == 0 ? null : ratingText;
        var body = JsonSerializer.SerializeToElement(new
        {
            rating, category = fields["category"].ToString() is { Length: > 0 } c ? c : null, comment = comment.Length == 0 ? null : comment,
        });
        var (form, errors) = FeedbackForm.Read(body);
        var back = "/receipt/" + token;
        if (form is null)
        {
            var receipt = (await LoadAsync(http, token, sessions, records, meterValues, time, ct))!;
            return new RazorComponentResult<ReceiptPage>(new
            {
                Receipt = receipt, Token = token, Zone = await zones.GetAsync(ct), Errors = errors, Rating = ratingText,
                Category = fields["category"].ToString(), Comment = comment,
            }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        var now = time.GetUtcNow();
        var (stored, limited) = await feedback.InsertLimitedAsync(session.TransactionId, form.Rating, form.Category, form.Comment, now,
            now.AddHours(-1), FeedbackPerHour, ct);
        if (limited)
        {
            logger.LogWarning("Receipt feedback refused for session {TransactionId}: {Limit} an hour already given", session.TransactionId, FeedbackPerHour);
            http.Response.Headers.RetryAfter = "3600";
            return new RazorComponentResult<ReceiptPage>(new
            {
                Receipt = (await LoadAsync(http, token, sessions, records, meterValues, time, ct))!, Token = token, Zone = await zones.GetAsync(ct),
                Outcome = "limited",
            }) { StatusCode = StatusCodes.Status429TooManyRequests };
        }
        return stored is null ? NotFound() : Results.Redirect(back + "?feedback=thanks#feedback");
    }

    private static async Task<Receipt?> LoadAsync(HttpContext http, string token, SessionStore sessions, SessionRecords records,
        MeterValueStore meterValues, TimeProvider time, CancellationToken ct)
    {
        if (!ReceiptToken.IsWellFormed(token) || await sessions.FindByReceiptTokenAsync(token, ct) is not { } stored)
            return null;
        if (await records.FindAsync(stored.TransactionId, ct) is not { } view)
            return null;
        var charger = await http.RequestServices.GetRequiredService<ChargePointStore>().FindAsync(stored.ChargePointId, ct);
        return Receipt.Of(view, charger, await meterValues.ListAsync(stored.TransactionId, ct), time.GetUtcNow());
    }
}
