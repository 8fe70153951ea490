using System.Globalization;
using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

/// <summary>
/// Builds samples the way the server stores them: through <see cref="MeterValueNormalizer"/>.
/// Times are "HH:mm" or "HH:mm:ss" UTC on Tuesday 2026-11-24, the day of SPEC 5's worked example.
/// </summary>
internal static class SessionSamples
{
    public static DateTimeOffset At(string utcTimeOfDay) =>
        new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero)
            + TimeSpan.Parse(utcTimeOfDay, CultureInfo.InvariantCulture);

    public static MeterSample Register(
        string at,
        decimal wh,
        string? phase = null,
        string? location = null,
        string? context = null) =>
        Sample(at, wh, Measurands.EnergyActiveImportRegister, "Wh", phase, location, context);

    public static MeterSample PowerW(string at, decimal w, string? phase = null) =>
        Sample(at, w, Measurands.PowerActiveImport, "W", phase);

    public static MeterSample SocPercent(string at, decimal percent) =>
        Sample(at, percent, Measurands.StateOfCharge, "Percent", location: SampleLocations.Ev);

    public static MeterSample Sample(
        string at,
        decimal value,
        string measurand,
        string unit,
        string? phase = null,
        string? location = null,
        string? context = null) =>
        MeterValueNormalizer.Normalize(
            At(at),
            new SampledValue(value.ToString(CultureInfo.InvariantCulture), context, null, measurand, phase, location, unit));
}
