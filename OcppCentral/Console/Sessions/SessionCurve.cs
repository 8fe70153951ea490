using System.Text.Json;
using OcppCentral.Sessions;

namespace OcppCentral.Web.Sessions;

/// <summary>
/// A session's curve from its stored samples, one point per timestamp: power (kW), energy since the start (kWh), SoC (%).
/// Phases and locations are resolved as for billing (one location; a total wins over summed phases).
/// </summary>
public sealed record SessionCurve(IReadOnlyList<long> UnixSeconds, IReadOnlyList<decimal?> PowerKw, IReadOnlyList<decimal?> EnergyKwh,
    IReadOnlyList<decimal?> SocPercent)
{
    public int Count => UnixSeconds.Count;

    public static SessionCurve From(IReadOnlyList<MeterSample> samples, long meterStartWh)
    {
        var power = Totals(samples, Measurands.PowerActiveImport, "W").ToDictionary(p => p.Timestamp, p => p.Value / 1000m);
        var energy = EnergyRegister.Readings(samples).ToDictionary(r => r.Timestamp, r => (r.RegisterWh - meterStartWh) / 1000m);
        var soc = Totals(samples, Measurands.StateOfCharge, null).ToDictionary(p => p.Timestamp, p => p.Value);
        var times = power.Keys.Concat(energy.Keys).Concat(soc.Keys).Distinct().Order().ToList();
        return new SessionCurve(times.Select(t => t.ToUnixTimeSeconds()).ToList(),
            times.Select(t => power.TryGetValue(t, out var v) ? Decimals.Kilowatts(v) : (decimal?)null).ToList(),
            times.Select(t => energy.TryGetValue(t, out var v) ? Decimals.Trim(decimal.Round(v, 3)) : (decimal?)null).ToList(),
            times.Select(t => soc.TryGetValue(t, out var v) ? v : (decimal?)null).ToList());
    }

    private static IReadOnlyList<(DateTimeOffset Timestamp, decimal Value)> Totals(IEnumerable<MeterSample> samples, string measurand, string? unit) =>
        PerTimestampTotals.Of(samples.Where(s => s.Measurand == measurand && (unit is null || s.NormalizedUnit == unit)));

    /// <summary>The curve for the page's script, as an attribute value (the renderer encodes it, the script parses it).</summary>
    public string ToJson() => JsonSerializer.Serialize(new { t = UnixSeconds, power = PowerKw, energy = EnergyKwh, soc = SocPercent });
}
