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
            errors["rating"] = [$"{expected}; got {rating.GetRawText()}."];
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
        else if (category.ValueKind != JsonValueKind.String || !FeedbackCategories.All.Contains(category.GetString()))
            errors["category"] = [$"{expected}; got {category.GetRawText()}."];
        else
            return category.GetString();
        return null;
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
        var text = comment.GetString()!;
        var characters = text.EnumerateRunes().Count();
        if (characters > MaxCommentCharacters)
            errors["comment"] = [$"comment has at most {MaxCommentCharacters} characters; got {characters}."];
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
