namespace OcppCentral.Sessions;

/// <summary>
/// Reduces the samples of one measurand to a single figure per timestamp, the way OCPP 1.6 §3.16.3
/// (multiple locations/phases) lets a charger report them: one location is chosen, and there a
/// total (no phase) wins over per-phase values, which are otherwise summed (docs/sessions-and-pricing.md).
/// The rules themselves are <see cref="TimestampTotal"/>'s.
/// </summary>
internal static class PerTimestampTotals
{
    /// <summary>Per timestamp, the figure of the chosen location; sorted by time, timestamps without one left out.</summary>
    public static IReadOnlyList<(DateTimeOffset Timestamp, decimal Value)> Of(IEnumerable<MeterSample> samples) =>
        samples
            .Where(s => s.NormalizedValue is not null)
            .GroupBy(s => s.Timestamp)
            .Select(atOneTime => (Timestamp: atOneTime.Key, atOneTime.Aggregate(TimestampTotal.Empty, (total, s) => total.With(s)).Value))
            .Where(reading => reading.Value is not null)
            .OrderBy(reading => reading.Timestamp)
            .Select(reading => (reading.Timestamp, reading.Value!.Value))
            .ToList();
}
