namespace OcppCentral.Storage;

/// <summary>
/// The console's session table: filters (null = any), sort column and direction, one page. <see cref="Sort"/> is one of
/// <see cref="SortColumns"/>' keys, checked before it reaches SQL.
/// </summary>
public sealed record ConsoleSessionFilter(string? ChargePointId, string? IdTag, string? Status, long? FromMs, long? ToMs,
    bool WithAnomalies, bool WithFeedback, string Sort, bool Descending, int Limit, int Offset)
{
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["start"] = "start_time",
        ["charger"] = "charge_point_id",
        ["idTag"] = "id_tag",
        ["energy"] = "energy_wh",
        ["duration"] = "duration_minutes",
        ["total"] = "total_minor",
        ["anomalies"] = "anomaly_count",
    };
}
