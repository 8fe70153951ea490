using System.Security.Cryptography;
using System.Text;

namespace OcppCentral.Webhooks;

/// <summary>
/// How a receiver knows a POST came from this server (docs/webhooks.md): HMAC-SHA256 over the exact bytes of the body,
/// keyed with the webhook's secret as UTF-8, as lowercase hex after <c>sha256=</c>.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-ChargeMonitor-Signature";

    public static string Of(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
