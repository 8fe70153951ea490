using System.Globalization;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Web.Chargers;

/// <summary>
/// The remote commands the charger page offers, each built from its form into the OCPP payload that the admin API would
/// take as a body. Reset, UnlockConnector and RemoteStopTransaction interrupt a driver and ask for a confirmation first.
/// </summary>
public static class ChargerCommands
{
    public static readonly IReadOnlySet<string> NeedConfirmation =
        new HashSet<string>(StringComparer.Ordinal) { "Reset", "UnlockConnector", "RemoteStopTransaction" };

    public static readonly IReadOnlySet<string> Offered = new HashSet<string>(StringComparer.Ordinal)
    {
        "RemoteStartTransaction", "RemoteStopTransaction", "Reset", "UnlockConnector", "ChangeAvailability", "ClearCache",
    };

    /// <summary>The payload, or the problem with the form in words.</summary>
    public static (JObject? Payload, string? Problem) Payload(string action, IFormCollection form)
    {
        string Text(string name) => form[name].ToString().Trim();
        bool Int(string name, out int value) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        switch (action)
        {
            case "RemoteStartTransaction":
                if (Text("idTag").Length is 0 or > 20)
                    return (null, "idTag is 1 to 20 characters.");
                var start = new JObject { ["idTag"] = Text("idTag") };
                if (Text("connectorId").Length > 0)
                {
                    if (!Int("connectorId", out var c) || c < 1)
                        return (null, "connectorId is a whole number from 1.");
                    start["connectorId"] = c;
                }
                return (start, null);
            case "RemoteStopTransaction":
                return long.TryParse(Text("transactionId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                    ? (new JObject { ["transactionId"] = id }, null) : (null, "transactionId is a whole number.");
            case "Reset":
                return Text("type") is "Soft" or "Hard" ? (new JObject { ["type"] = Text("type") }, null) : (null, "type is Soft or Hard.");
            case "UnlockConnector":
                return Int("connectorId", out var unlock) && unlock >= 1
                    ? (new JObject { ["connectorId"] = unlock }, null) : (null, "connectorId is a whole number from 1.");
            case "ChangeAvailability":
                if (!Int("connectorId", out var connector) || connector < 0)
                    return (null, "connectorId is a whole number from 0 (0 is the whole charger).");
                return Text("type") is "Operative" or "Inoperative"
                    ? (new JObject { ["connectorId"] = connector, ["type"] = Text("type") }, null) : (null, "type is Operative or Inoperative.");
            case "ClearCache":
                return (new JObject(), null);
            default:
                return (null, $"'{action}' is not a command the console sends.");
        }
    }
}
