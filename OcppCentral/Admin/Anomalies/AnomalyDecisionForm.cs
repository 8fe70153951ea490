using System.Text.Json;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Anomalies;

/// <summary>
/// The body of PATCH /api/anomalies/{id} (docs/corrections.md): <c>status</c> one of <see cref="AnomalyStatuses.All"/>, <c>note</c>
/// (required to dismiss, at most 2,000 characters), <c>correctionVersion</c> (required to resolve).
/// </summary>
public sealed record AnomalyDecisionForm(string Status, string? Note, int? CorrectionVersion)
{
    public const int MaxNoteCharacters = 2000;

    public static (AnomalyDecisionForm? Form, IDictionary<string, string[]> Errors) Read(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body is a JSON object: { \"status\", \"note\"?, \"correctionVersion\"? }."];
            return (null, errors);
        }
        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("status" or "note" or "correctionVersion")))
            errors[property.Name] = [$"A decision has no field '{property.Name}'; the fields are status, note, correctionVersion."];

        string? status = null;
        if (!body.TryGetProperty("status", out var statusValue) || statusValue.ValueKind != JsonValueKind.String
            || !AnomalyStatuses.All.Contains(statusValue.GetString()))
            errors["status"] = [$"status is one of {string.Join(", ", AnomalyStatuses.All)}."];
        else
            status = statusValue.GetString();

        string? note = null;
        if (body.TryGetProperty("note", out var noteValue) && noteValue.ValueKind != JsonValueKind.Null)
        {
            if (noteValue.ValueKind != JsonValueKind.String)
                errors["note"] = ["note is text."];
            else if ((note = noteValue.GetString()!.Trim()).EnumerateRunes().Count() > MaxNoteCharacters)
                errors["note"] = [$"note has at most {MaxNoteCharacters} characters."];
        }
        if (status == AnomalyStatuses.Dismissed && string.IsNullOrEmpty(note) && !errors.ContainsKey("note"))
            errors["note"] = ["A dismissal needs a note saying why the anomaly is not a problem."];

        int? correctionVersion = null;
        if (body.TryGetProperty("correctionVersion", out var versionValue) && versionValue.ValueKind != JsonValueKind.Null)
        {
            if (versionValue.ValueKind != JsonValueKind.Number || !versionValue.TryGetInt32(out var version) || version < 1)
                errors["correctionVersion"] = ["correctionVersion is a session version (an integer from 2)."];
            else
                correctionVersion = version;
        }
        if (status == AnomalyStatuses.Resolved && correctionVersion is null && !errors.ContainsKey("correctionVersion"))
            errors["correctionVersion"] = ["Resolving names the correction that resolved it: correctionVersion, a version of the session."];

        return errors.Count > 0 ? (null, errors) : (new AnomalyDecisionForm(status!, string.IsNullOrEmpty(note) ? null : note, correctionVersion), errors);
    }
}
