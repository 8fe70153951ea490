using System.Globalization;
using OcppCentral.Admin.Reports;
using OcppCentral.Storage;
using OcppCentral.Web.Shared;

namespace OcppCentral.Web.Sessions;

/// <summary>The session table's query string: filters (dates are local days in the console's zone, both included), sort, page.</summary>
public sealed record SessionsQuery(string? Charger, string? IdTag, string? Status, string? From, string? To, bool Anomalies, bool Feedback,
    string Sort, bool Descending, int Page)
{
    public const int PageSize = 50;

    public static SessionsQuery Read(HttpRequest request)
    {
        var q = request.Query;
        string? Text(string name) => string.IsNullOrWhiteSpace(q[name]) ? null : q[name].ToString().Trim();
        var sort = Text("sort") is { } s && ConsoleSessionFilter.SortColumns.ContainsKey(s) ? s : "start";
        var page = int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var status = Text("status") is StoredSession.Active or StoredSession.Completed ? Text("status") : null;
        return new SessionsQuery(Text("chargePointId"), Text("idTag"), status, Date(Text("from")), Date(Text("to")),
            q["anomalies"] == "1", q["feedback"] == "1", sort, Text("dir") != "asc", page);
    }

    private static string? Date(string? text) =>
        DailyRange.TryDate(text) is not null ? text : null;

    public ConsoleSessionFilter Filter(TimeZoneInfo zone)
    {
        var days = new DailyRange(zone, DateOnly.MinValue, DateOnly.MinValue, null);
        long? Ms(string? date, int plusDays) =>
            date is null ? null : days.StartOf(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(plusDays)).ToUnixTimeMilliseconds();
        return new ConsoleSessionFilter(Charger, IdTag, Status, Ms(From, 0), Ms(To, 1), Anomalies, Feedback, Sort, Descending, PageSize,
            (Page - 1) * PageSize);
    }

    public string Link(int? page = null, string? sort = null, bool? descending = null) =>
        QueryText.Of("/sessions", ("chargePointId", Charger), ("idTag", IdTag), ("status", Status), ("from", From), ("to", To),
            ("anomalies", Anomalies ? "1" : null), ("feedback", Feedback ? "1" : null), ("sort", sort ?? Sort),
            ("dir", (descending ?? Descending) ? null : "asc"), ("page", (page ?? 1) > 1 ? (page ?? 1).ToString(CultureInfo.InvariantCulture) : null));
}
