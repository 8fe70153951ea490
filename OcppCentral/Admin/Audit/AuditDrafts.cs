using System.Text.RegularExpressions;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Audit;

/// <summary>
/// The audit of every change an operator makes through the admin API (docs/corrections.md): corrections, anomaly decisions,
/// tariff changes, charger, idTag and webhook changes, remote commands. An endpoint that makes a change builds its audit row here from
/// the request (<see cref="For"/>) and hands it to the write that makes the change, which appends it in the same transaction
/// once the change is made: a change and its audit row are committed together or not at all, and a refused request leaves
/// no row. Request bodies are not recorded (a charger's password, a command's secrets); the write adds a short detail (a
/// correction's kind and reason, a tariff's version).
/// </summary>
public static partial class AuditDrafts
{
    /// <summary>The audit row of this request, to be answered with <paramref name="status"/> once its change is made.</summary>
    /// <exception cref="InvalidOperationException">The request is not a change the audit lists (a programming error).</exception>
    public static AuditDraft For(HttpContext http, int status)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "";
        var category = Category(method, path) ?? throw new InvalidOperationException($"{method} {path} is not a change the audit lists.");
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        return new AuditDraft(time.GetUtcNow(), AdminKeyMiddleware.ActorOf(http), category, method, path, status);
    }

    /// <summary>What kind of change a call is; null for calls the audit does not list (feedback, the what-if, dry runs).</summary>
    public static string? Category(string method, string path) => path switch
    {
        _ when SessionCorrection().IsMatch(path) => "correction",
        _ when AnomalyPath().IsMatch(path) && HttpMethods.IsPatch(method) => "anomalyDecision",
        _ when TariffReprice().IsMatch(path) => "correction",
        _ when TariffPath().IsMatch(path) && (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)) => "tariffChange",
        _ when CommandPath().IsMatch(path) => "remoteCommand",
        _ when ChargePointPath().IsMatch(path) && (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)) => "chargerChange",
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
