using System.Globalization;
using System.Text.Json;

namespace OcppCentral.Admin.Feedback;

/// <summary>
/// The body of POST /api/sessions/{transactionId}/feedback (docs/anomalies-and-feedback.md), checked field by field so a 400 names every
/// field that is wrong: rating an integer 1–5, category one of <see cref="FeedbackCategories.All"/> (exact spelling),
/// comment optional text of at most <see cref="MaxCommentCharacters"/> characters. Names are camelCase as shown;
/// other members are ignored. A blank comment is no comment.
/// </summary>
public sealed record FeedbackForm(int Rating, string Category, string? Comment = null)
{
    public const int MinRating = 1;
    public const int MaxRating = 5;

    /// <summary>Counted in Unicode characters (code points), so an emoji counts once.</summary>
    public const int MaxCommentCharacters = 2000;

    /// <returns>The form, or the problems keyed by field name.</returns>
    public static (FeedbackForm? Form, IDictionary<string, string[]> Errors) Read(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body is a JSON object: { \"rating\", \"category\", \"comment\"? }."];
            return (null, errors);
        }

        var rating = ReadRating(body, errors);
        var category = ReadCategory(body, errors);
        var comment = ReadComment(body, errors);
        return errors.Count > 0 ? (null, errors) : (new FeedbackForm(rating, category!, comment), errors);
    }

    private static int ReadRating(JsonElement body, Dictionary<string, string[]> errors)
    {
        const string expected = "rating is an integer from 1 to 5";
        if (!body.TryGetProperty("rating", out var rating) || rating.ValueKind == JsonValueKind.Null)
            errors["rating"] = [$"{expected}; it is missing."];
        // 4.0 is an integer too (JSON Schema agrees); 4.5, "4" and true are not.
        else if (rating.ValueKind != JsonValueKind.Number || !rating.TryGetDecimal(out var value) || decimal.Truncate(value) != value)
            errors["rating"] = [$"{expected}; got {Shown(rating)}."];
        else if (value is < MinRating or > MaxRating)
            errors["rating"] = [$"{expected}; got {value.ToString(CultureInfo.InvariantCulture)}."];
        else
            return (int)value;
        return 0;
    }

    private static string? ReadCategory(JsonElement body, Dictionary<string, string[]> errors)
    {
        var expected = $"category is one of {string.Join(", ", FeedbackCategories.All)}";
        if (!body.TryGetProperty("category", out var category) || category.ValueKind == JsonValueKind.Null)
            errors["category"] = [$"{expected}; it is missing."];
        else if (category.ValueKind == JsonValueKind.String && !JsonText.IsValid(category))
            errors["category"] = [$"{expected}; got text that is not valid Unicode (a lone surrogate or bytes that are not UTF-8)."];
        else if (JsonText.TryGetString(category) is not { } text || !FeedbackCategories.All.Contains(text))
            errors["category"] = [$"{expected}; got {Shown(category)}."];
        else
            return text;
        return null;
    }

    /// <summary>The value as sent, shortened: an answer never echoes a whole body back.</summary>
    private static string Shown(JsonElement value)
    {
        string raw;
        try
        {
            raw = value.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return "a value that is not valid Unicode text";
        }
        if (raw.Length <= 40)
            return raw;
        var cut = char.IsHighSurrogate(raw[39]) ? 39 : 40;
        return raw[..cut] + "…";
    }

    private static string? ReadComment(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("comment", out var comment) || comment.ValueKind == JsonValueKind.Null)
            return null;
        if (comment.ValueKind != JsonValueKind.String)
        {
            errors["comment"] = ["comment is text (or null)."];
            return null;
        }
        if (!JsonText.IsValid(comment))
        {
            errors["comment"] = ["comment is not valid Unicode text (a lone surrogate or bytes that are not UTF-8)."];
            return null;
        }
        var text = comment.GetString()!;
        var characters = text.EnumerateRunes().Count();
        if (characters > MaxCommentCharacters)
            errors["comment"] = [$"comment has at most {MaxCommentCharacters} characters; got {characters}."];
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
