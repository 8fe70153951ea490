using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// Reads the JSON body of a tariff endpoint itself rather than through parameter binding: the binder refuses a value of
/// the wrong type (<c>"energyPrice": "cheap"</c>) with a bare 400, while an operator needs to know which field it was.
/// A member the document does not have is refused too: a misspelt optional field (<c>"startFees"</c>) would otherwise be
/// dropped without a word, and the tariff saved without the fee the operator meant to set.
/// </summary>
internal static class TariffRequestBody
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Strict = new();

    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options,
        CancellationToken ct) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type",
                detail: "Send the body as application/json."));
        try
        {
            var strict = Strict.GetValue(options, o => new JsonSerializerOptions(o) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow });
            return await request.ReadFromJsonAsync<T>(strict, ct) is { } body
                ? (body, null)
                : (null, Problems.Invalid("$", "A JSON object is required."));
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            // System.Text.Json says which member but not, in a type of its own, why: unknown, wrong type or cut-off JSON.
            return (null, Problems.Invalid(Field(ex.Path), $"cannot be read: a field the document does not have, a value of the wrong type or malformed JSON{where}."));
        }
    }

    /// <summary>"$.periods[0].from" → "periods[0].from", the same names validation uses; "$" for the body as a whole.</summary>
    private static string Field(string? path) => path is null or "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
