using System.Text.RegularExpressions;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Audit;

/// <summary>
/// Records every change an operator makes through the admin API (docs/corrections.md): corrections, anomaly decisions, tariff
/// changes, charger, idTag and webhook changes, remote commands. A change is recorded once it succeeded (2xx), and before it is answered.
/// Request bodies are not recorded (a charger's password, a command's secrets); an endpoint may leave a short detail in
/// <see cref="DetailItem"/> (a correction's kind and reason, a tariff's version).
/// </summary>
public sealed partial class AuditFilter(AuditStore audit, TimeProvider time) : IEndpointFilter
{
    public const string DetailItem = "ChargeMonitor.AuditDetail";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || Category(method, http.Request.Path.Value ?? "") is not { } category)
            return result;
        // Results<A, B> wraps the result the endpoint chose.
        var chosen = result;
        while (chosen is INestedHttpResult nested)
            chosen = nested.Result;
        var status = chosen is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        if (status is >= 200 and < 300)
            await audit.RecordAsync(time.GetUtcNow(), AdminKeyMiddleware.ActorOf(http), category, method, http.Request.Path.Value ?? "", status,
                http.Items[DetailItem] as string, http.RequestAborted);
        return result;
    }

    /// <summary>What kind of change a call is; null for calls the audit does not list (feedback, the what-if, dry runs).</summary>
    public static string? Category(string method, string path) => path switch
    {
        _ when SessionCorrection().IsMatch(path) => "correction",
        _ when AnomalyPath().IsMatch(path) && HttpMethods.IsPatch(method) => "anomalyDecision",
        _ when TariffReprice().IsMatch(path) => "correction",
        _ when TariffPath().IsMatch(path) && (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)) => "tariffChange",
        _ when CommandPath().IsMatch(path) => "remoteCommand",
        _ when ChargePointPath().IsMatch(path) && HttpMethods.IsPut(method) => "chargerChange",
        _ when IdTagPath().IsMatch(path) && (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)) => "idTagChange",
        _ when WebhookPath().IsMatch(path) && (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)) => "webhookChange",
        _ => null,
    };

    [GeneratedRegex("^/api/sessions/[0-9]+/corrections$")]
    private static partial Regex SessionCorrection();

    [GeneratedRegex("^/api/anomalies/[0-9]+$")]
    private static partial Regex AnomalyPath();

    [GeneratedRegex("^/api/tariffs/[^/]+/reprice$")]
    private static partial Regex TariffReprice();

    [GeneratedRegex("^/api/tariffs/[^/]+$")]
    private static partial Regex TariffPath();

    [GeneratedRegex("^/api/chargepoints/[^/]+/commands/[^/]+$")]
    private static partial Regex CommandPath();

    [GeneratedRegex("^/api/chargepoints/[^/]+$")]
    private static partial Regex ChargePointPath();

    [GeneratedRegex("^/api/idtags/[^/]+$")]
    private static partial Regex IdTagPath();

    [GeneratedRegex("^/api/webhooks/[^/]+$")]
    private static partial Regex WebhookPath();
}
