using System.Globalization;
using OcppCentral.Messages;

namespace OcppCentral.Sessions;

/// <summary>
/// Turns one sampledValue, as the charger sent it (the wire record from Messages: every field but its value
/// optional), into a stored <see cref="MeterSample"/>: applies the OCPP 1.6 defaults (§7.43) and works out the number
/// the server computes with (docs/sessions-and-pricing.md, docs/admin-api.md meter-values). Defaults are applied here, never on the wire record, so the
/// raw message can always be reproduced.
/// </summary>
public static class MeterValueNormalizer
{
    /// <summary>
    /// The largest magnitude understood, in the normalised unit: 10^15 Wh is a terawatt-hour, far beyond any meter.
    /// A larger number is kept as sent but not computed with, so sums, rates and prices over readings cannot overflow.
    /// </summary>
    public const decimal MaxMagnitude = 1_000_000_000_000_000m;

    // Energy is computed in Wh/varh and power in W/var; kilo units are scaled (docs/sessions-and-pricing.md).
    private static readonly Dictionary<string, (string Unit, decimal Factor)> EnergyUnits =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["Wh"] = ("Wh", 1m),
            ["kWh"] = ("Wh", 1000m),
            ["varh"] = ("varh", 1m),
            ["kvarh"] = ("varh", 1000m),
        };

    private static readonly Dictionary<string, (string Unit, decimal Factor)> PowerUnits =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["W"] = ("W", 1m),
            ["kW"] = ("W", 1000m),
            ["var"] = ("var", 1m),
            ["kvar"] = ("var", 1000m),
        };

    /// <summary>Every sampledValue of a message's meterValue array (MeterValues, or StopTransaction's transactionData), in order.</summary>
    public static IReadOnlyList<MeterSample> Normalize(IEnumerable<MeterValue>? meterValues) =>
        meterValues is null ? [] : meterValues.SelectMany(mv => mv.SampledValue.Select(sv => Normalize(mv.Timestamp, sv))).ToList();

    public static MeterSample Normalize(DateTimeOffset timestamp, SampledValue sampledValue)
    {
        ArgumentNullException.ThrowIfNull(sampledValue);

        var measurand = Given(sampledValue.Measurand) ?? Measurands.EnergyActiveImportRegister;
        var family = MeasurandFamilies.Of(measurand);
        var unit = Given(sampledValue.Unit) ?? MeasurandFamilies.DefaultUnit(family);
        var format = Given(sampledValue.Format) ?? SampleFormats.Raw;
        var (normalizedValue, normalizedUnit) = Understand(sampledValue.Value, format, family, unit);

        return new MeterSample(
            timestamp,
            measurand,
            sampledValue.Value,
            unit,
            Given(sampledValue.Phase),
            Given(sampledValue.Context) ?? SampleContexts.SamplePeriodic,
            Given(sampledValue.Location) ?? SampleLocations.Outlet,
            format,
            normalizedValue,
            normalizedUnit);
    }

    private static (decimal? Value, string? Unit) Understand(string value, string format, MeasurandFamily family, string unit)
    {
        // SignedData is an opaque blob: stored, never computed with (docs/sessions-and-pricing.md).
        if (string.Equals(format, SampleFormats.SignedData, StringComparison.Ordinal))
        {
            return (null, null);
        }

        // OCPP values are strings; "12.345" and "12345" both parse, whatever the server's culture (docs/sessions-and-pricing.md).
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return (null, null);
        }

        var scale = family switch
        {
            MeasurandFamily.ActiveEnergy or MeasurandFamily.ReactiveEnergy => EnergyUnits.GetValueOrDefault(unit),
            MeasurandFamily.ActivePower or MeasurandFamily.ReactivePower => PowerUnits.GetValueOrDefault(unit),
            _ => default,
        };

        // A unit that does not fit the measurand (say "A" on an energy register) is not reinterpreted:
        // the number stays in the sent unit, and energy/power computations skip it.
        var factor = scale.Unit is null ? 1m : scale.Factor;
        if (Math.Abs(number) > MaxMagnitude / factor)
            return (null, null);
        return scale.Unit is null
            ? (Decimals.Trim(number), CanonicalUnit(unit))
            : (Decimals.Trim(number * scale.Factor), scale.Unit);
    }

    // The 1.6 schema accepts the misspelling "Celcius" next to "Celsius"; both mean the same unit.
    private static string CanonicalUnit(string unit) =>
        string.Equals(unit, "Celcius", StringComparison.OrdinalIgnoreCase) ? "Celsius" : unit;

    private static string? Given(string? field) => string.IsNullOrWhiteSpace(field) ? null : field;
}
