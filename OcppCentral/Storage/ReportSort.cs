namespace OcppCentral.Storage;

/// <summary>
/// How a report's rows are ordered (docs/admin-api.md, "Sorting reports"): a key the report offers and a direction.
/// The key is looked up in <see cref="ChargePointKeys"/> or <see cref="IdTagKeys"/> before it reaches SQL, so only our
/// own expressions are ever spliced into a query.
/// </summary>
public sealed record ReportSort(string Key, bool Descending)
{
    /// <summary>Sort keys of GET /api/reports/chargepoints, each an expression over the ordering query's columns.</summary>
    public static readonly IReadOnlyDictionary<string, string> ChargePointKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["chargePointId"] = "ids.id",
        ["sessions"] = "COALESCE(t.sessions, 0)",
        ["revenue"] = "COALESCE(t.gross_minor, 0)",
        ["energy"] = "COALESCE(t.energy_wh, 0)",
        ["utilization"] = "COALESCE(b.busy_ms, 0)",
        ["rating"] = "f.average_rating",
        ["anomalies"] = "COALESCE(t.anomaly_count, 0)",
    };

    /// <summary>Sort keys of GET /api/reports/idtags (a driver has no utilization).</summary>
    public static readonly IReadOnlyDictionary<string, string> IdTagKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["idTag"] = "t.key",
        ["sessions"] = "t.sessions",
        ["revenue"] = "COALESCE(t.gross_minor, 0)",
        ["energy"] = "COALESCE(t.energy_wh, 0)",
        ["rating"] = "f.average_rating",
        ["anomalies"] = "t.anomaly_count",
    };

    /// <summary>
    /// The ORDER BY clause: rows without a value (a charger nobody rated) come last either way, equal values in the
    /// ordinal order of their id.
    /// </summary>
    internal string OrderBy(IReadOnlyDictionary<string, string> keys, string idExpression)
    {
        var expression = keys[Key];
        var direction = Descending ? "DESC" : "ASC";
        return $"({expression}) IS NULL, {expression} {direction}, {idExpression} ASC";
    }

    /// <summary>
    /// Reads <c>sort</c> and <c>dir</c>: a known key (default <paramref name="defaultKey"/>), <c>asc</c> or <c>desc</c>
    /// (default descending for a figure, ascending for the id). Returns the field and message of a bad value.
    /// </summary>
    public static (ReportSort? Sort, string? Field, string? Problem) Parse(string? sort, string? dir, IReadOnlyDictionary<string, string> keys,
        string defaultKey)
    {
        var key = string.IsNullOrEmpty(sort) ? defaultKey : sort;
        if (!keys.ContainsKey(key))
            return (null, "sort", $"must be one of {string.Join(", ", keys.Keys)}");
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
