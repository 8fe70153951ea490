using System.Globalization;

namespace OcppCentral.Sessions;

/// <summary>
/// How figures appear in anomaly details: ISO-8601 UTC timestamps and invariant numbers, whatever the
/// server's culture, so a detail reads the same in the API, the CSV export and the logs (docs/admin-api.md).
/// </summary>
internal static class AnomalyText
{
    /// <summary>At most this many findings are spelled out in one detail; the rest are counted.</summary>
    public const int MaxFindingsListed = 5;

    public static string Utc(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Wh(decimal wh) => Number(wh) + " Wh";

    public static string Kw(decimal kw) => Number(Decimals.Kilowatts(kw)) + " kW";

    public static string Minutes(TimeSpan span)
    {
        var minutes = Decimals.Minutes((decimal)span.Ticks / TimeSpan.TicksPerMinute);
        return Number(minutes) + (minutes == 1m ? " minute" : " minutes");
    }

    public static string Number(decimal value) => Decimals.Trim(value).ToString(CultureInfo.InvariantCulture);

    public static string Findings(IReadOnlyList<string> findings) =>
        findings.Count <= MaxFindingsListed
            ? string.Join("; ", findings)
            : string.Join("; ", findings.Take(MaxFindingsListed))
              + string.Create(CultureInfo.InvariantCulture, $"; and {findings.Count - MaxFindingsListed} more");

    public static string Times(int count) => count == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{count} times");
}
