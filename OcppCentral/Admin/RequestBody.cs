using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OcppCentral.Admin;

/// <summary>
/// Reads the JSON body of an admin endpoint itself rather than through parameter binding, so that one round trip
/// reports every problem (docs/admin-api.md): the binder stops at the first value of the wrong type
/// (<c>"energyPrice": "cheap"</c>) with a bare 400. Here each member is read on its own; a member the document does
/// not have (<c>"startFees"</c>, a typo that would drop the fee silently, where the endpoint refuses unknown members),
/// a value of the wrong type and text that is not valid Unicode (a lone surrogate <c>"\ud800"</c>, bytes that are not
/// UTF-8) become errors naming their JSON path, the value is left out, and the rest is read so that validation can
/// report its problems too. Only a body that cannot be parsed at all stops the reading, with one error under
/// <c>$</c>. Nothing here throws for any body. The answer also says which members the body held (<see cref="BodyRead{T}.Has"/>),
/// so an endpoint where a missing member means "leave it" and a null one means "remove it" can tell them apart.
/// </summary>
internal static class RequestBody
{
    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request,
        JsonSerializerOptions options, CancellationToken ct, bool refuseUnknownMembers = true) where T : class
    {
        var errors = new FieldErrors();
        if (!request.HasJsonContentType())
            return new(null, errors, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type",
                detail: "Send the body as application/json."));
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions
            {
                AllowTrailingCommas = options.AllowTrailingCommas,
                CommentHandling = options.ReadCommentHandling == JsonCommentHandling.Disallow ? JsonCommentHandling.Disallow : JsonCommentHandling.Skip,
                MaxDepth = options.MaxDepth,
            }, ct);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return new(null, errors, Problems.Invalid("$", $"is not valid JSON in UTF-8{where}; nothing else could be checked."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new(null, errors, Problems.Invalid("$", "A JSON object is required."));
            var readable = (JsonObject)new Reader(options, errors, refuseUnknownMembers).Read(document.RootElement, options.GetTypeInfo(typeof(T)), "")!;
            try
            {
                return new(readable.Deserialize<T>(options), errors, null, readable.Select(m => m.Key).ToHashSet());
            }
            catch (JsonException ex)
            {
                // Every value was read on its own above; what is left is a rule of the whole type (a required member).
                errors.Add("$", ex.Message);
                return new(null, errors, Problems.Invalid(errors.ToDictionary()));
            }
        }
    }

    private sealed class Reader(JsonSerializerOptions options, FieldErrors errors, bool refuseUnknownMembers)
    {
        /// <summary>
        /// The part of <paramref name="element"/> that reads as <paramref name="info"/>'s type: unknown members and values of the
        /// wrong type are recorded in <paramref name="errors"/> and left out (null, so list positions keep their indexes).
        /// </summary>
        public JsonNode? Read(JsonElement element, JsonTypeInfo info, string path)
        {
            if (element.ValueKind == JsonValueKind.Null)
                return null;
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    if (element.ValueKind != JsonValueKind.Object)
                    {
                        errors.Unreadable(path, "must be an object");
                        return null;
                    }
                    var members = new JsonObject();
                    var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                    foreach (var member in element.EnumerateObject())
                    {
                        if (!JsonText.IsValid(member))
                        {
                            errors.Add(path.Length == 0 ? "$" : path, "has a member name that is not valid Unicode text (a lone surrogate or bytes that are not UTF-8)");
                            continue;
                        }
                        var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, member.Name, comparison));
                        var memberPath = path.Length == 0 ? property?.Name ?? member.Name : $"{path}.{property?.Name ?? member.Name}";
                        if (property is null)
                        {
                            if (refuseUnknownMembers)
                                errors.Add(memberPath, "is not a field of this document; check its spelling");
                        }
                        else if (members.ContainsKey(property.Name))
                            errors.Add(memberPath, "appears more than once");
                        else
                            members[property.Name] = Read(member.Value, options.GetTypeInfo(property.PropertyType), memberPath);
                    }
                    return members;
                case JsonTypeInfoKind.Enumerable:
                    if (element.ValueKind != JsonValueKind.Array)
                    {
                        errors.Unreadable(path, "must be a list");
                        return null;
                    }
                    var items = new JsonArray();
                    var itemInfo = options.GetTypeInfo(info.ElementType!);
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                        items.Add(Read(item, itemInfo, $"{path}[{index++}]"));
                    return items;
                default:
                    if (!JsonText.IsValid(element))
                    {
                        errors.Unreadable(path, "is not valid Unicode text (a lone surrogate or bytes that are not UTF-8)");
                        return null;
                    }
                    try
                    {
                        JsonSerializer.Deserialize(element, info);
                        return JsonNode.Parse(element.GetRawText());
                    }
                    catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
                    {
                        errors.Unreadable(path, element.ValueKind == JsonValueKind.Number && Expected(info.Type) == "must be a number"
                            ? "is a number out of range for this field" : Expected(info.Type));
                        return null;
                    }
            }
        }
    }

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(decimal) || t == typeof(int) || t == typeof(long) || t == typeof(double) => "must be a number",
        var t when t == typeof(string) => "must be a string",
        var t when t == typeof(bool) => "must be true or false",
        var t when t == typeof(DateTimeOffset) => "must be an ISO-8601 timestamp, e.g. 2026-12-31T23:00:00Z",
        _ => "has a value of the wrong type",
    };
}

/// <summary>
/// What <see cref="RequestBody.ReadAsync"/> made of a body: the document (null when it could not be read), the errors found
/// in it, the answer to give when there is no document, and the names of the members the body held, null values included.
/// </summary>
internal sealed record BodyRead<T>(T? Body, FieldErrors Errors, ProblemHttpResult? Problem, IReadOnlySet<string>? Members = null) where T : class
{
    /// <summary>Whether the body held the member named <paramref name="jsonName"/> (as it is spelled in JSON), even as null.</summary>
    public bool Has(string jsonName) => Members?.Contains(jsonName) == true;

    public void Deconstruct(out T? body, out FieldErrors errors, out ProblemHttpResult? problem) =>
        (body, errors, problem) = (Body, Errors, Problem);
}
