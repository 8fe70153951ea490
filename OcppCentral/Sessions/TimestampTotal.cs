using System.Collections.Immutable;

namespace OcppCentral.Sessions;

/// <summary>
/// The samples of one measurand at one timestamp, reduced as they arrive to what its single figure needs
/// (<see cref="PerTimestampTotals"/>, OCPP 1.6 §3.16.3): per location, the largest total and the largest value of each
/// line. Immutable, and the same whatever order the samples are added in, so the full computation (all samples at once)
/// and a session's running estimate (samples as they are stored) reduce a timestamp by the same rules.
/// </summary>
internal sealed class TimestampTotal
{
    // Outlet is OCPP's default and the connector's own meter, the one a bill rests on. Without it, the
    // charger's grid-side Inlet meter comes next, then Cable, then the vehicle's own (EV) estimate.
    private static readonly string[] LocationPreference =
        [SampleLocations.Outlet, SampleLocations.Inlet, SampleLocations.Cable, SampleLocations.Ev, SampleLocations.Body];

    public static readonly TimestampTotal Empty = new([]);

    /// <summary>One entry per location, in the order each location's first sample arrived.</summary>
    private readonly ImmutableArray<Place> _places;

    private TimestampTotal(ImmutableArray<Place> places)
    {
        _places = places;
        Value = Resolve(places);
    }

    /// <summary>
    /// The timestamp's figure: at the preferred location present, the total (no phase) when there is one, else the sum of
    /// its lines; null when that location has neither.
    /// </summary>
    public decimal? Value { get; }

    /// <summary>With one more sample; a sample without a number changes nothing.</summary>
    public TimestampTotal With(MeterSample sample) =>
        sample.NormalizedValue is { } value ? With(sample.Location, sample.Phase, value) : this;

    /// <summary>With one more sample's number, taken at <paramref name="location"/> and <paramref name="phase"/>.</summary>
    public TimestampTotal With(string location, string? phase, decimal value)
    {
        var index = -1;
        for (var i = 0; i < _places.Length; i++)
        {
            if (string.Equals(_places[i].Location, location, StringComparison.Ordinal))
            {
                index = i;
                break;
            }
        }
        var place = index >= 0 ? _places[index] : new Place(location, null, null, null, null);
        // Coinciding readings (Sample.Clock and Sample.Periodic at the same second) should agree;
        // taking the larger keeps a duplicate from understating the register.
        place = LineOf(phase) switch
        {
            _ when phase is null => place with { Total = Max(place.Total, value) },
            1 => place with { L1 = Max(place.L1, value) },
            2 => place with { L2 = Max(place.L2, value) },
            3 => place with { L3 = Max(place.L3, value) },
            _ => place,
        };
        return new TimestampTotal(index >= 0 ? _places.SetItem(index, place) : _places.Add(place));
    }

    private static decimal? Resolve(ImmutableArray<Place> places)
    {
        if (places.IsEmpty)
            return null;
        var chosen = places[0];
        foreach (var place in places)
        {
            if (LocationRank(place.Location) < LocationRank(chosen.Location))
                chosen = place;
        }
        if (chosen.Total is { } total)
            return total;
        if (chosen.L1 is null && chosen.L2 is null && chosen.L3 is null)
            return null;
        return (chosen.L1 ?? 0m) + (chosen.L2 ?? 0m) + (chosen.L3 ?? 0m);
    }

    private static decimal Max(decimal? current, decimal value) => current is { } c && c >= value ? c : value;

    private static int LocationRank(string location)
    {
        var rank = Array.IndexOf(LocationPreference, location);
        return rank >= 0 ? rank : LocationPreference.Length;
    }

    // OCPP 1.6 §7.34: "L1" and "L1-N" both name the L1 conductor's own quantity. N (neutral) and the
    // line-to-line phases are not a share of the total and are never added in.
    private static int LineOf(string? phase) => phase switch
    {
        "L1" or "L1-N" => 1,
        "L2" or "L2-N" => 2,
        "L3" or "L3-N" => 3,
        _ => 0,
    };

    // A value, so a new figure for a timestamp costs its array and no object per place.
    private readonly record struct Place(string Location, decimal? Total, decimal? L1, decimal? L2, decimal? L3);
}
