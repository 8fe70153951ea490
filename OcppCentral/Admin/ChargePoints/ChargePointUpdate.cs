using System.Text.Json;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>
/// Body of PUT /api/chargepoints/{id} (docs/admin-api.md, docs/charger-health.md). A missing field is left as it is;
/// <c>"password": null</c> removes the password, <c>"tariffId": ""</c> the tariff; <c>sendAuthorizationKey</c> sends the
/// new password to the connected charger as its AuthorizationKey. Read by hand because a missing password and a null
/// one mean different things.
/// </summary>
public sealed record ChargePointUpdate(bool PasswordGiven, string? Password, string? TariffId, bool ClearTariff, bool SendAuthorizationKey)
{
    public const int MaxPasswordLength = 64;

    public static (ChargePointUpdate? Update, Dictionary<string, string[]> Errors) Parse(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body is a JSON object."];
            return (null, errors);
        }
        var passwordGiven = false;
        string? password = null, tariffId = null;
        var send = false;
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "password":
                    passwordGiven = true;
                    if (property.Value.ValueKind == JsonValueKind.String)
                        password = property.Value.GetString();
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                        errors["password"] = ["password is a string, or null to remove it."];
                    break;
                case "tariffId":
                    if (property.Value.ValueKind == JsonValueKind.String)
                        tariffId = property.Value.GetString();
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                        errors["tariffId"] = ["tariffId is a string (\"\" removes the assignment)."];
                    break;
                case "sendAuthorizationKey":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        send = property.Value.GetBoolean();
                    else
                        errors["sendAuthorizationKey"] = ["sendAuthorizationKey is true or false."];
                    break;
            }
        }
        if (password is { Length: 0 or > MaxPasswordLength })
            errors["password"] = [$"A password has 1 to {MaxPasswordLength} characters."];
        if (send && password is null && !errors.ContainsKey("password"))
            errors["sendAuthorizationKey"] = ["sendAuthorizationKey sends the new password: give one."];
        return errors.Count > 0
            ? (null, errors)
            : (new ChargePointUpdate(passwordGiven, password, string.IsNullOrEmpty(tariffId) ? null : tariffId, tariffId is "", send), errors);
    }
}
