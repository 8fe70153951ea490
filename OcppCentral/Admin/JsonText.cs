using System.Text.Json;

namespace OcppCentral.Admin;

/// <summary>
/// Whether the text in a parsed JSON document can be read as a .NET string: System.Text.Json parses a lone surrogate
/// escape (<c>"\ud800"</c>) and, inside strings, bytes that are not UTF-8, and throws only when the text is read.
/// </summary>
public static class JsonText
{
    public static bool IsValid(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
            return true;
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static bool IsValid(JsonProperty member)
    {
        try
        {
            _ = member.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The string, or null when the element is not a string or its text is not valid Unicode.</summary>
    public static string? TryGetString(JsonElement element) => element.ValueKind == JsonValueKind.String && IsValid(element) ? element.GetString() : null;

    /// <summary>False for a string holding a lone surrogate: it cannot be written as UTF-8 or as JSON.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return false;
        }
        return true;
    }
}
