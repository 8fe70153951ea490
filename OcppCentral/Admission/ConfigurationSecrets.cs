using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Admission;

/// <summary>
/// What a message to or from a charger carries that must not be kept or shown: the value of a secret configuration key.
/// OCPP 1.6's AuthorizationKey (security profile 1: the charger's HTTP Basic password) and any key naming a password
/// appear as <see cref="Redacted"/> in the command log, in the OCPP message log (docs/charger-health.md) and in the admin
/// API's answers, whichever way they travel: in a ChangeConfiguration request, or in a GetConfiguration answer from a
/// charger that reads the key back (the security profiles make AuthorizationKey write-only, but not every charger keeps
/// to that).
/// </summary>
public static class ConfigurationSecrets
{
    public const string Redacted = "***";

    public const string AuthorizationKey = "AuthorizationKey";

    /// <summary>The payload as it may be stored and shown.</summary>
    public static string ForLog(string action, JObject payload) => RequestForLog(action, payload).ToString(Formatting.None);

    /// <summary>The request as it may be stored and shown: <paramref name="payload"/> itself when it holds no secret, else a redacted copy.</summary>
    public static JObject RequestForLog(string action, JObject payload)
    {
        if (action != "ChangeConfiguration" || payload["key"] is not JValue { Type: JTokenType.String } key || !IsSecretKey((string?)key))
            return payload;
        var copy = (JObject)payload.DeepClone();
        copy["value"] = Redacted;
        return copy;
    }

    /// <summary>The charger's answer as it may be stored and shown: GetConfiguration values of secret keys redacted.</summary>
    public static JObject AnswerForLog(string action, JObject answer)
    {
        if (action != "GetConfiguration" || answer["configurationKey"] is not JArray keys
            || !keys.OfType<JObject>().Any(IsSecretEntry))
            return answer;
        var copy = (JObject)answer.DeepClone();
        foreach (var entry in ((JArray)copy["configurationKey"]!).OfType<JObject>().Where(IsSecretEntry))
            entry["value"] = Redacted;
        return copy;
    }

    /// <summary>
    /// A stored answer as it may be shown: rows logged before answers were redacted are redacted when read. Read as a
    /// charger's frame is (timestamps stay strings, decimals keep their digits), so nothing else changes.
    /// </summary>
    public static string AnswerForLog(string action, string storedAnswer)
    {
        if (action != "GetConfiguration")
            return storedAnswer;
        using var reader = new JsonTextReader(new StringReader(storedAnswer))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        return JToken.ReadFrom(reader) is JObject answer ? AnswerForLog(action, answer).ToString(Formatting.None) : storedAnswer;
    }

    /// <summary>A configurationKey entry of a secret key that carries a value (a null or absent value has nothing to hide).</summary>
    private static bool IsSecretEntry(JObject entry) =>
        entry["key"] is JValue { Type: JTokenType.String } key && IsSecretKey((string?)key)
        && entry["value"] is { Type: not JTokenType.Null };

    /// <summary>
    /// The new HTTP Basic password, when the charger accepted a ChangeConfiguration of its AuthorizationKey: from then on
    /// it authenticates with that value, so the server must too.
    /// </summary>
    public static string? NewPassword(string action, JObject payload, JObject? response) =>
        action == "ChangeConfiguration"
        && string.Equals(payload["key"]?.Value<string>(), AuthorizationKey, StringComparison.OrdinalIgnoreCase)
        && response?["status"]?.Value<string>() is "Accepted" or "RebootRequired"
            ? payload["value"]?.Value<string>()
            : null;

    /// <summary>Whether <paramref name="key"/> names a secret: AuthorizationKey, or any key naming a password.</summary>
    public static bool IsSecretKey(string? key) =>
        key is not null && (string.Equals(key, AuthorizationKey, StringComparison.OrdinalIgnoreCase)
                            || key.Contains("password", StringComparison.OrdinalIgnoreCase));
}
