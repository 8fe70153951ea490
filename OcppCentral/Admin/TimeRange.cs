namespace OcppCentral.Admin;

/// <summary>The from/to query parameters (ISO-8601; from inclusive, to exclusive, on a session's startTime).</summary>
public sealed record TimeRange(DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>Parses both; on a bad value returns the field and the problem.</summary>
    public static (TimeRange? Range, string? Field, string? Problem) Parse(string? from, string? to)
    {
        if (!TryParse(from, out var f))
            return (null, "from", $"'{from}' is not an ISO-8601 timestamp.");
        if (!TryParse(to, out var t))
            return (null, "to", $"'{to}' is not an ISO-8601 timestamp.");
        if (f is not null && t is not null && t < f)
            return (null, "to", "'to' is earlier than 'from'.");
        return (new TimeRange(f, t), null, null);
    }

    private static bool TryParse(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!IsoTimestamp.TryParse(text, out var parsed))
            return false;
        value = parsed;
        return true;
    }
}
