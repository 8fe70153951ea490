using System.Text.Json.Serialization;

namespace OcppCentral.Admin.Reports;

/// <summary>
/// The period a charger's utilizationPercent is a share of: [from, to) as asked, where a missing from is the start of
/// the first session on record and a missing to is now; a to in the future is now too, because time that has not
/// happened yet cannot have been used. Null when there is nothing to measure (no sessions and no from, or from ≥ to).
/// </summary>
public sealed record UtilizationPeriod(DateTimeOffset From, DateTimeOffset To)
{
    [JsonIgnore]
    public long FromMs => From.ToUnixTimeMilliseconds();

    [JsonIgnore]
    public long ToMs => To.ToUnixTimeMilliseconds();

    public static UtilizationPeriod? Of(TimeRange range, DateTimeOffset? earliestStart, DateTimeOffset now)
    {
        var from = range.From ?? earliestStart;
        var to = range.To is { } asked && asked < now ? asked : now;
        return from is { } start && start < to ? new UtilizationPeriod(start, to) : null;
    }

    /// <summary>busyMs as a percentage of the period, to 2 decimals.</summary>
    public decimal PercentOf(long busyMs) =>
        Math.Round(busyMs * 100m / (ToMs - FromMs), 2, MidpointRounding.AwayFromZero);
}
