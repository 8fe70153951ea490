using System.Globalization;
using System.Text.Json;
using OcppCentral.Ledger;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// The body of POST /api/sessions/{transactionId}/corrections (docs/corrections.md), checked field by field so a 400 names every
/// field that is wrong: <c>kind</c> one of <see cref="CorrectionKinds.All"/>, <c>reason</c> required text, <c>expectedVersion</c>
/// an optional integer ≥ 1, and the values the kind takes. What needs the session (meterStop below meterStart, readings of
/// another session, a credit above the total) is checked by the ledger.
/// </summary>
public sealed record CorrectionForm(string Kind, string Reason, int? ExpectedVersion, long? MeterStopWh, DateTimeOffset? StopTime,
    IReadOnlyList<long>? ReadingIds, string? TariffId, int? TariffVersion, decimal? Amount, string? Currency)
{
    public const int MaxReasonCharacters = 2000;
    public const int MaxReadingIds = 1000;

    private static readonly string[] Known = ["kind", "reason", "expectedVersion", "meterStopWh", "stopTime", "readingIds", "tariffId", "tariffVersion", "amount",
        "currency"];

    /// <returns>The form, or the problems keyed by field name.</returns>
    public static (CorrectionForm? Form, IDictionary<string, string[]> Errors) Read(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body is a JSON object: { \"kind\", \"reason\", \"expectedVersion\"?, … }."];
            return (null, errors);
        }
        foreach (var property in body.EnumerateObject().Where(p => !Known.Contains(p.Name)))
            errors[property.Name] = [$"A correction has no field '{property.Name}'; the fields are {string.Join(", ", Known)}."];

        var kind = Text(body, "kind", errors, required: true, maxLength: 40);
        if (kind is not null && !CorrectionKinds.All.Contains(kind))
            errors["kind"] = [$"kind is one of {string.Join(", ", CorrectionKinds.All)}; got '{kind}'."];
        var reason = Text(body, "reason", errors, required: true, maxLength: MaxReasonCharacters);
        var expectedVersion = Integer(body, "expectedVersion", errors, 1, int.MaxValue);
        long? meterStopWh = null;
        DateTimeOffset? stopTime = null;
        List<long>? readingIds = null;
        string? tariffId = null;
        long? tariffVersion = null;
        decimal? amount = null;
        string? currency = null;
        switch (kind)
        {
            case CorrectionKinds.SetMeterStop:
                meterStopWh = Integer(body, "meterStopWh", errors, 0, long.MaxValue, required: true);
                break;
            case CorrectionKinds.SetStopTime:
                stopTime = Time(body, "stopTime", errors);
                break;
            case CorrectionKinds.ExcludeReadings:
                readingIds = Ids(body, errors);
                break;
            case CorrectionKinds.Reprice:
                tariffId = Text(body, "tariffId", errors, required: true, maxLength: 100);
                tariffVersion = Integer(body, "tariffVersion", errors, 1, int.MaxValue);
                break;
            case CorrectionKinds.Credit:
                amount = ReadAmount(body, errors);
                currency = Text(body, "currency", errors, required: false, maxLength: 3);
                if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
                    errors["currency"] = ["currency is an ISO 4217 code of three capital letters."];
                break;
            case CorrectionKinds.Close:
                // Both optional: without them the session closes at its last reading.
                meterStopWh = Integer(body, "meterStopWh", errors, 0, long.MaxValue);
                if (body.TryGetProperty("stopTime", out var given) && given.ValueKind != JsonValueKind.Null)
                    stopTime = Time(body, "stopTime", errors);
                break;
        }
        return errors.Count > 0
            ? (null, errors)
            : (new CorrectionForm(kind!, reason!, (int?)expectedVersion, meterStopWh, stopTime, readingIds, tariffId, (int?)tariffVersion, amount, currency), errors);
    }

    private static string? Text(JsonElement body, string name, Dictionary<string, string[]> errors, bool required, int maxLength)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                errors[name] = [$"{name} is required."];
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"{name} is text; got {value.GetRawText()}."];
            return null;
        }
        var text = value.GetString()!.Trim();
        if (required && text.Length == 0)
            errors[name] = [$"{name} is required."];
        else if (text.EnumerateRunes().Count() > maxLength)
            errors[name] = [$"{name} has at most {maxLength} characters."];
        return text;
    }

    private static long? Integer(JsonElement body, string name, Dictionary<string, string[]> errors, long min, long max, bool required = false)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                errors[name] = [$"{name} is required."];
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > max)
        {
            errors[name] = [string.Create(CultureInfo.InvariantCulture, $"{name} is an integer from {min}; got {value.GetRawText()}.")];
            return null;
        }
        return number;
    }

    private static DateTimeOffset? Time(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        var text = Text(body, name, errors, required: true, maxLength: 40);
        if (text is null || errors.ContainsKey(name))
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        errors[name] = [$"{name} is an ISO-8601 timestamp; got '{text}'."];
        return null;
    }

    private static List<long>? Ids(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("readingIds", out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors["readingIds"] = ["readingIds is a non-empty list of meter value ids (see GET /api/sessions/{id}/meter-values)."];
            return null;
        }
        if (value.GetArrayLength() > MaxReadingIds)
        {
            errors["readingIds"] = [$"readingIds has at most {MaxReadingIds} ids."];
            return null;
        }
        var ids = new List<long>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var id) || id < 1)
            {
                errors["readingIds"] = [$"readingIds holds meter value ids (integers from 1); got {item.GetRawText()}."];
                return null;
            }
            ids.Add(id);
        }
        return ids;
    }

    private static decimal? ReadAmount(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("amount", out var value) || value.ValueKind == JsonValueKind.Null)
            errors["amount"] = ["amount is required: what comes off the session's total."];
        else if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
            errors["amount"] = [$"amount is a number; got {value.GetRawText()}."];
        else if (amount <= 0m)
            errors["amount"] = ["amount is more than 0."];
        else if (decimal.Round(amount, 2) != amount)
            errors["amount"] = ["amount has at most 2 decimals."];
        else
            return amount;
        return null;
    }
}
