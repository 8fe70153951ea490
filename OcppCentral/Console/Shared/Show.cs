using System.Globalization;
using OcppCentral.Sessions;

namespace OcppCentral.Web.Shared;

/// <summary>How the console writes figures: invariant digits, units always named, money with its currency.</summary>
public static class Show
{
    public static string Money(decimal amount, string currency) => amount.ToString("0.00", CultureInfo.InvariantCulture) + " " + currency;

    public static string Kwh(decimal? kwh) => kwh is { } v ? Decimals.Trim(decimal.Round(v, 3)).ToString(CultureInfo.InvariantCulture) + " kWh" : "–";

    public static string Kw(decimal? kw) => kw is { } v ? decimal.Round(v, 2).ToString("0.00", CultureInfo.InvariantCulture) + " kW" : "–";

    public static string Number(decimal? value, int decimals = 2) =>
        value is { } v ? Decimals.Trim(decimal.Round(v, decimals)).ToString(CultureInfo.InvariantCulture) : "–";

    public static string Percent(decimal? value) => value is { } v ? decimal.Round(v, 1).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Minutes(decimal? minutes) => minutes is { } m ? Number(m, 1) + " min" : "–";

    /// <summary>Local time in the console's zone, to the second, with the zone's offset so it is never ambiguous.</summary>
    public static string Time(DateTimeOffset? instant, TimeZoneInfo zone) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "–";

    public static string Time(long? unixMs, TimeZoneInfo zone) => Time(unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, zone);

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Stars(long rating) => new string('★', (int)Math.Clamp(rating, 0, 5)) + new string('☆', 5 - (int)Math.Clamp(rating, 0, 5));

    public static string Ago(DateTimeOffset? instant, DateTimeOffset now)
    {
        if (instant is not { } i)
            return "never";
        var span = now - i;
        return span.TotalSeconds < 60 ? "just now"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h ago"
            : $"{(int)span.TotalDays} days ago";
    }
}
