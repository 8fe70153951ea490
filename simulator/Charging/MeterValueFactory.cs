using System.Globalization;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// Turns a <see cref="MeterReading"/> into the sampled values a charger sends (OCPP 1.6 §7.30, §7.43):
/// the energy register, active power, current per phase (or on the DC link) and the car's state of charge.
/// Numbers are written with the invariant culture, as OCPP's decimal strings require.
/// </summary>
public static class MeterValueFactory
{
    public const string SamplePeriodic = "Sample.Periodic";
    public const string TransactionBegin = "Transaction.Begin";
    public const string TransactionEnd = "Transaction.End";
    public const string Trigger = "Trigger";
    public const string EnergyRegister = "Energy.Active.Import.Register";

    /// <summary>Everything the meter measures, as one MeterValue.</summary>
    public static MeterValue Full(MeterReading reading, string context, EnergyUnit unit) => new(reading.Timestamp,
    [
        Register(reading.RegisterWholeWh, context, unit),
        new SampledValue(Number(Round(reading.PowerW, 0)), context, Measurand: "Power.Active.Import", Location: "Outlet", Unit: "W"),
        .. reading.Currents.Select(current => new SampledValue(Number(Round(current.Amperes, 1)), context,
            Measurand: "Current.Import", Phase: current.Phase, Location: "Outlet", Unit: "A")),
        new SampledValue(Number(Round(reading.SocPercent, 1)), context, Measurand: "SoC", Location: "EV", Unit: "Percent"),
    ]);

    /// <summary>Only the energy register, as in a StopTransaction's transactionData.</summary>
    public static MeterValue RegisterOnly(DateTimeOffset timestamp, long registerWh, string context, EnergyUnit unit) =>
        new(timestamp, [Register(registerWh, context, unit)]);

    public static SampledValue Register(long registerWh, string context, EnergyUnit unit) => unit == EnergyUnit.KWh
        ? new SampledValue((registerWh / 1000m).ToString("0.000", CultureInfo.InvariantCulture), context,
            Measurand: EnergyRegister, Location: "Outlet", Unit: "kWh")
        : new SampledValue(Number(registerWh), context, Measurand: EnergyRegister, Location: "Outlet", Unit: "Wh");

    private static decimal Round(decimal value, int decimals) => decimal.Round(value, decimals, MidpointRounding.AwayFromZero);

    private static string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
