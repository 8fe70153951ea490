namespace OcppCentral.Sessions;

/// <summary>
/// Reduces the samples of one measurand to a single figure per timestamp, the way OCPP 1.6 §3.16.3
/// (multiple locations/phases) lets a charger report them: one location is chosen, and there a
/// total (no phase) wins over per-phase values, which are otherwise summed (docs/sessions-and-pricing.md).
/// </summary>
internal static class PerTimestampTotals
{
    // Outlet is OCPP's default and the connector's own meter, the one a bill rests on. Without it, the
    // charger's grid-side Inlet meter comes next, then Cable, then the vehicle's own (EV) estimate.
    private static readonly string[] LocationPreference =
        [SampleLocations.Outlet, SampleLocations.Inlet, SampleLocations.Cable, SampleLocations.Ev, SampleLocations.Body];

    /// <summary>Per timestamp, the figure of the chosen location; sorted by time, timestamps without one left out.</summary>
    public static IReadOnlyList<(DateTimeOffset Timestamp, decimal Value)> Of(IEnumerable<MeterSample> samples) =>
        samples
            .Where(s => s.NormalizedValue is not null)
            .GroupBy(s => s.Timestamp)
            .Select(atOneTime => (Timestamp: atOneTime.Key, Value: ValueAt(atOneTime.ToList())))
            .Where(reading => reading.Value is not null)
            .OrderBy(reading => reading.Timestamp)
            .Select(reading => (reading.Timestamp, reading.Value!.Value))
            .ToList();

    private static decimal? ValueAt(IReadOnlyList<MeterSample> atOneTime)
    {
        var location = atOneTime.MinBy(s => LocationRank(s.Location))!.Location;
        var here = atOneTime.Where(s => s.Location == location).ToList();

        // Coinciding readings (Sample.Clock and Sample.Periodic at the same second) should agree;
        // taking the larger keeps a duplicate from understating the register.
        var totals = here.Where(s => s.Phase is null).ToList();
        if (totals.Count > 0)
        {
            return totals.Max(s => s.NormalizedValue!.Value);
        }

        var perLine = here
            .Where(s => LineOf(s.Phase) is not null)
            .GroupBy(s => LineOf(s.Phase))
            .Select(line => line.Max(s => s.NormalizedValue!.Value))
            .ToList();
        return perLine.Count > 0 ? perLine.Sum() : null;
    }

    private static int LocationRank(string location)
    {
        var rank = Array.IndexOf(LocationPreference, location);
        return rank >= 0 ? rank : LocationPreference.Length;
    }

    // OCPP 1.6 §7.34: "L1" and "L1-N" both name the L1 conductor's own quantity. N (neutral) and the
    // line-to-line phases are not a share of the total and are never added in.
    private static string? LineOf(string? phase) => phase switch
    {
        "L1" or "L1-N" => "L1",
        "L2" or "L2-N" => "L2",
        "L3" or "L3-N" => "L3",
        _ => null,
    };
}
