namespace OcppCentral.Admin.Reports;

/// <summary>
/// How a report's rows are ordered (docs/admin-api.md, "Sorting reports"): a key the report offers and a direction.
/// The order itself is decided from the report's own figures (<see cref="ReportOrder"/>).
/// </summary>
public sealed record ReportSort(string Key, bool Descending)
{
    /// <summary>Sort keys of GET /api/reports/chargepoints.</summary>
    public static readonly IReadOnlyList<string> ChargePointKeys = ["chargePointId", "sessions", "revenue", "energy", "utilization", "rating", "anomalies"];

    /// <summary>Sort keys of GET /api/reports/idtags (a driver has no utilization).</summary>
    public static readonly IReadOnlyList<string> IdTagKeys = ["idTag", "sessions", "revenue", "energy", "rating", "anomalies"];

    /// <summary>
    /// Reads <c>sort</c> and <c>dir</c>: a known key (default <paramref name="defaultKey"/>), <c>asc</c> or <c>desc</c>
    /// (default descending for a figure, ascending for the id). Returns the field and message of a bad value.
    /// </summary>
    public static (ReportSort? Sort, string? Field, string? Problem) Parse(string? sort, string? dir, IReadOnlyList<string> keys,
        string defaultKey)
    {
        var key = string.IsNullOrEmpty(sort) ? defaultKey : sort;
        if (!keys.Contains(key, StringComparer.Ordinal))
            return (null, "sort", $"must be one of {string.Join(", ", keys)}");
        bool descending;
        switch (dir)
        {
            case null or "":
                descending = key != defaultKey;
                break;
            case "asc":
                descending = false;
                break;
            case "desc":
                descending = true;
                break;
            default:
                return (null, "dir", "must be asc or desc");
        }
        return (new ReportSort(key, descending), null, null);
    }
}
