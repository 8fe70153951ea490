using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Admin.Commands;

/// <summary>
/// What a command carries that must not be kept or shown: the value of a secret configuration key. OCPP 1.6's
/// AuthorizationKey (security profile 1: the charger's HTTP Basic password) and any key naming a password are
/// stored in the command log as <see cref="Redacted"/>.
/// </summary>
public static class CommandSecrets
{
    public const string Redacted = "***";

    public const string AuthorizationKey = "AuthorizationKey";

    /// <summary>The payload as it may be stored and shown.</summary>
    public static string ForLog(string action, JObject payload)
    {
        if (action != "ChangeConfiguration" || !IsSecretKey(payload["key"]?.Value<string>()))
            return payload.ToString(Formatting.None);
        var copy = (JObject)payload.DeepClone();
        copy["value"] = Redacted;
        return copy.ToString(Formatting.None);
    }

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

    private static bool IsSecretKey(string? key) =>
        key is not null && (string.Equals(key, AuthorizationKey, StringComparison.OrdinalIgnoreCase)
                            || key.Contains("password", StringComparison.OrdinalIgnoreCase));
}
