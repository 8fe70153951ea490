using System.Text;
using Newtonsoft.Json.Linq;

namespace ChargeMonitor.Simulator.Feedback;

/// <summary>Posts driver feedback to the admin API on the same host as the OCPP endpoint.</summary>
public sealed class FeedbackClient(HttpClient http, Uri ocppEndpoint, string? adminKey)
{
    /// <summary>One for the whole process: HttpClient pools connections and is meant to be shared.</summary>
    internal static readonly HttpClient SharedHttp = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary><c>ws://host:port/ocpp</c> → <c>http://host:port/api/sessions/{id}/feedback</c> (wss → https).</summary>
    public static Uri EndpointFor(Uri ocppEndpoint, long transactionId)
    {
        var scheme = ocppEndpoint.Scheme switch
        {
            "ws" => Uri.UriSchemeHttp,
            "wss" => Uri.UriSchemeHttps,
            var other => other,
        };
        var builder = new UriBuilder(ocppEndpoint) { Scheme = scheme, Path = $"/api/sessions/{transactionId}/feedback", Query = "" };
        if (ocppEndpoint.IsDefaultPort)
            builder.Port = -1;
        return builder.Uri;
    }

    public async Task<FeedbackReport> SendAsync(long transactionId, DriverFeedback feedback, CancellationToken ct)
    {
        var body = new JObject
        {
            ["rating"] = feedback.Rating,
            ["category"] = feedback.Category,
            ["comment"] = feedback.Comment,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, EndpointFor(ocppEndpoint, transactionId))
        {
            Content = new StringContent(body.ToString(Newtonsoft.Json.Formatting.None), Encoding.UTF8, "application/json"),
        };
        if (adminKey is not null)
            request.Headers.Add("X-API-Key", adminKey);
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            return new FeedbackReport(feedback, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return new FeedbackReport(feedback, 0);
        }
    }
}
