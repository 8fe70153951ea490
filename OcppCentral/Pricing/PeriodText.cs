using System.Globalization;

namespace OcppCentral.Pricing;

/// <summary>
/// The text forms a tariff period uses: weekday names, "HH:mm" clock times and the readable,
/// deterministic label that identifies a period's line on a bill (docs/sessions-and-pricing.md).
/// </summary>
internal static class PeriodText
{
    /// <summary>Monday first, as in the examples of docs/sessions-and-pricing.md and in ISO 8601; index = bit in a day mask.</summary>
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>0 for Monday … 6 for Sunday.</summary>
    public static int IndexOf(DayOfWeek day) => ((int)day + 6) % 7;

    public static DayOfWeek DayAt(int index) => (DayOfWeek)((index + 1) % 7);

    public static string NameOf(DayOfWeek day) => DayNames[IndexOf(day)];

    /// <summary>Exactly "Mon" … "Sun": the spelling docs/sessions-and-pricing.md shows, so stored tariffs read the same everywhere.</summary>
    public static bool TryParseDay(string? text, out DayOfWeek day)
    {
        var index = Array.IndexOf(DayNames, text);
        day = index < 0 ? default : DayAt(index);
        return index >= 0;
    }

    /// <summary>Exactly two-digit hours 00–23 and minutes 00–59; "24:00" is refused, "00:00" already means midnight.</summary>
    public static bool TryParseClock(string? text, out TimeOnly time)
    {
        time = default;
        if (text is not { Length: 5 } || text[2] != ':'
            || !IsDigits(text.AsSpan(0, 2)) || !IsDigits(text.AsSpan(3, 2)))
        {
            return false;
        }

        var hours = int.Parse(text.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture);
        if (hours > 23 || minutes > 59)
        {
            return false;
        }

        time = new TimeOnly(hours, minutes);
        return true;
    }

    public static string FormatClock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// "Mon-Fri 16:00-19:00", "Mon,Tue 22:00-06:00", "Mon,Wed-Fri 08:00-10:00": days in week order,
    /// runs of three or more consecutive days as a range, shorter runs listed.
    /// </summary>
    public static string Label(int dayMask, TimeOnly from, TimeOnly to) =>
        $"{DayList(dayMask)} {FormatClock(from)}-{FormatClock(to)}";

    private static string DayList(int dayMask)
    {
        var parts = new List<string>();
        var index = 0;
        while (index < 7)
        {
            if ((dayMask & (1 << index)) == 0)
            {
                index++;
                continue;
            }

            var end = index;
            while (end + 1 < 7 && (dayMask & (1 << (end + 1))) != 0)
            {
                end++;
            }

            parts.Add(end - index >= 2 ? $"{DayNames[index]}-{DayNames[end]}"
                : end == index ? DayNames[index] : $"{DayNames[index]},{DayNames[end]}");
            index = end + 1;
        }

        return string.Join(',', parts);
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => text is [>= '0' and <= '9', >= '0' and <= '9'];
}
