using Newtonsoft.Json.Linq;

namespace ChargeMonitor.Simulator.Display;

/// <summary>
/// The fields of the California Pricing messages for OCPP 1.6 (OCA's "OCPP &amp; California Pricing Requirements"), as a
/// charger checks what it is sent: every required field present with its type, nothing the whitepaper does not name.
/// </summary>
internal static class CostMessageShapes
{
    private enum Kind { Integer, Number, Text, Time, State, Object }

    private sealed record Field(string Name, Kind Kind, bool Required, IReadOnlyList<Field>? Inner = null);

    private static readonly Field[] ChargingPrice =
        [new("kWhPrice", Kind.Number, false), new("hourPrice", Kind.Number, false), new("flatFee", Kind.Number, false)];

    private static readonly Field[] IdlePrice = [new("graceMinutes", Kind.Integer, false), new("hourPrice", Kind.Number, false)];

    private static readonly Dictionary<string, Field[]> Messages = new(StringComparer.Ordinal)
    {
        ["SetUserPrice"] = [new("idToken", Kind.Text, true), new("priceText", Kind.Text, true)],
        ["RunningCost"] =
        [
            new("transactionId", Kind.Integer, true), new("timestamp", Kind.Time, true), new("meterValue", Kind.Integer, true),
            new("cost", Kind.Number, true), new("state", Kind.State, true), new("chargingPrice", Kind.Object, true, ChargingPrice),
            new("idlePrice", Kind.Object, false, IdlePrice),
            new("nextPeriod", Kind.Object, false,
                [new("atTime", Kind.Time, true), new("chargingPrice", Kind.Object, true, ChargingPrice), new("idlePrice", Kind.Object, false, IdlePrice)]),
            new("triggerMeterValue", Kind.Object, false,
                [new("atTime", Kind.Time, false), new("atEnergykWh", Kind.Number, false), new("atPowerkW", Kind.Number, false), new("atCPStatus", Kind.Object, false)]),
        ],
        ["FinalCost"] =
        [
            new("transactionId", Kind.Integer, true), new("cost", Kind.Number, true), new("priceText", Kind.Text, true),
            new("qrCodeText", Kind.Text, false),
        ],
    };

    public static bool IsKnown(string? messageId) => messageId is not null && Messages.ContainsKey(messageId);

    /// <summary>What is wrong with <paramref name="data"/> for <paramref name="messageId"/>; empty when it has the whitepaper's shape.</summary>
    public static IReadOnlyList<string> Problems(string messageId, JObject data)
    {
        var problems = new List<string>();
        Check(messageId, data, Messages[messageId], problems);
        return problems;
    }

    private static void Check(string path, JObject data, IReadOnlyList<Field> fields, List<string> problems)
    {
        foreach (var property in data.Properties().Where(p => fields.All(f => f.Name != p.Name)))
            problems.Add($"{path}.{property.Name} is not a field of the message");
        foreach (var field in fields)
        {
            var value = data[field.Name];
            if (value is null || value.Type == JTokenType.Null)
            {
                if (field.Required)
                    problems.Add($"{path}.{field.Name} is missing");
                continue;
            }
            var ok = field.Kind switch
            {
                Kind.Integer => value.Type == JTokenType.Integer,
                Kind.Number => value.Type is JTokenType.Integer or JTokenType.Float,
                Kind.Text => value.Type == JTokenType.String,
                Kind.Time => value.Type == JTokenType.Date
                             || value.Type == JTokenType.String && DateTimeOffset.TryParse(value.ToString(), System.Globalization.CultureInfo.InvariantCulture,
                                 System.Globalization.DateTimeStyles.AssumeUniversal, out _),
                Kind.State => value.Type == JTokenType.String && value.ToString() is "Charging" or "Idle",
                Kind.Object => field.Name == "atCPStatus" ? value.Type == JTokenType.Array : value.Type == JTokenType.Object,
                _ => false,
            };
            if (!ok)
                problems.Add($"{path}.{field.Name} is not {Describe(field.Kind)}");
            else if (field.Inner is { } inner && value is JObject nested)
                Check($"{path}.{field.Name}", nested, inner, problems);
        }
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Integer => "an integer",
        Kind.Number => "a number",
        Kind.Text => "a string",
        Kind.Time => "a dateTime",
        Kind.State => "\"Charging\" or \"Idle\"",
        _ => "an object",
    };
}
