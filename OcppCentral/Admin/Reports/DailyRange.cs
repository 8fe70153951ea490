using System.Globalization;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// The days of a daily report: local dates [From, To) in <see cref="Zone"/>, at most <see cref="MaxDays"/>. A missing
/// <c>to</c> is tomorrow (so today is the last day); a missing <c>from</c> is 30 days before <c>to</c>.
/// </summary>
public sealed record DailyRange(TimeZoneInfo Zone, DateOnly From, DateOnly To, string? ChargePointId)
{
    public const int MaxDays = 366;

    /// <summary>The dates a report may cover (docs/admin-api.md): nothing is stored before 1970, and past 9998 a day's end would leave the calendar.</summary>
    public static readonly DateOnly MinDate = new(1970, 1, 1);

    public static readonly DateOnly MaxDate = new(9998, 12, 31);
    public const int DefaultDays = 30;

    /// <summary>A yyyy-MM-dd date within <see cref="MinDate"/>..<see cref="MaxDate"/>, or null (the console's date filters).</summary>
    public static DateOnly? TryDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date >= MinDate && date <= MaxDate
            ? date : null;

    public string FromText => From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public string ToText => To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static (DailyRange? Range, Dictionary<string, string[]> Errors) Parse(string? from, string? to, string? zone, string? chargePointId,
        DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var tz = TimeZoneInfo.Utc;
        if (!string.IsNullOrEmpty(zone) && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out tz!))
        {
            errors["zone"] = [$"'{zone}' is not an IANA time zone (e.g. Europe/Stockholm)."];
            tz = TimeZoneInfo.Utc;
        }
        DateOnly? f = null, t = null;
        if (!string.IsNullOrEmpty(from))
            f = ParseDate(from, "from", errors);
        if (!string.IsNullOrEmpty(to))
            t = ParseDate(to, "to", errors);
        if (errors.Count > 0)
            return (null, errors);

        var toDate = t ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, tz).DateTime).AddDays(1);
        var fromDate = f ?? toDate.AddDays(-DefaultDays);
        if (toDate <= fromDate)
            errors["to"] = ["'to' must be a later date than 'from' (to is exclusive)."];
        else if (toDate.DayNumber - fromDate.DayNumber > MaxDays)
            errors["to"] = [$"At most {MaxDays} days can be asked for at once."];
        return errors.Count > 0
            ? (null, errors)
            : (new DailyRange(tz, fromDate, toDate, string.IsNullOrEmpty(chargePointId) ? null : chargePointId), errors);
    }

    /// <summary>The instants where the days begin: Count + 1 of them, the last one ending the last day.</summary>
    public IReadOnlyList<DateTimeOffset> Boundaries()
    {
        var boundaries = new List<DateTimeOffset>(To.DayNumber - From.DayNumber + 1);
        for (var day = From; day <= To; day = day.AddDays(1))
            boundaries.Add(StartOf(day));
        return boundaries;
    }

    /// <summary>
    /// Local midnight as an instant. Where a clock change skips midnight the day begins at the first local time that
    /// exists; where midnight happens twice, at the first of them.
    /// </summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (Zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static DateOnly? ParseDate(string text, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (date >= MinDate && date <= MaxDate)
                return date;
            errors[field] = [$"'{text}' is outside the dates a report covers, {MinDate:yyyy-MM-dd} to {MaxDate:yyyy-MM-dd}."];
            return null;
        }
        errors[field] = [$"'{(text.Length <= 40 ? text : text[..40] + "…")}' is not a date (yyyy-MM-dd)."];
        return null;
    }
}
