using System.Globalization;
using OcppCentral.Messages;
using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

/// <summary>
/// Builds samples the way the server stores them: through <see cref="MeterValueNormalizer"/>.
/// Times are "HH:mm" or "HH:mm:ss" UTC on Tuesday 2026-11-24, the day of docs/sessions-and-pricing.md's worked example.
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

    /// <summary>docs/sessions-and-pricing.md's worked example: 14:40–15:50Z, meterStart 10000, six readings every 10 minutes, meterStop 22000.</summary>
    public static SessionFacts WorkedExample() => new(
        At("14:40"),
        At("15:50"),
        MeterStartWh: 10000m,
        MeterStopWh: 22000m,
        Samples:
        [
            Register("14:50", 13000m), Register("15:00", 16000m), Register("15:10", 19000m),
            Register("15:20", 22000m), Register("15:30", 22000m), Register("15:40", 22000m),
        ]);

    public static SessionFacts Facts(string start, string stop, decimal meterStartWh, decimal? meterStopWh, params MeterSample[] samples) =>
        new(At(start), At(stop), meterStartWh, meterStopWh, samples);
}
