using System.Globalization;

namespace OcppCentral.Admin;

/// <summary>An ISO-8601 timestamp from a client, read as UTC without ever throwing (docs/admin-api.md).</summary>
public static class IsoTimestamp
{
    /// <summary>
    /// False for text that is not a timestamp ("soon") and for one that leaves the range of dates once its offset is
    /// applied (9999-12-31T23:59:59-14:00 is in the year 10000 in UTC).
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
            return false;
        try
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
