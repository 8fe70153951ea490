using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Client;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OcppCentral.Protocol;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Load;

/// <summary>
/// The payloads of a load run. The meter register follows from the timestamp (an 11 kW charge since the
/// transaction began), so however fast MeterValues come, the server sees a plausible, rising register.
/// </summary>
internal static class LoadMessages
{
    public const string IdTag = "SIMLOAD";
    private const decimal PowerW = 11_000m;
    private static readonly IReadOnlyList<PhaseCurrent> Currents = [new("L1", 15.9m), new("L2", 15.9m), new("L3", 15.9m)];

    public static JObject Boot(string chargePointId) =>
        OcppPayload.From(new BootNotificationRequest("ChargeMonitor", "Simulator (load)", ChargePointSerialNumber: chargePointId.Length <= 25 ? chargePointId : chargePointId[..25]));

    public static JObject Start(long meterStartWh, DateTimeOffset timestamp) =>
        OcppPayload.From(new StartTransactionRequest(1, IdTag, meterStartWh, timestamp));

    public static JObject MeterValues(long transactionId, long meterStartWh, DateTimeOffset started, DateTimeOffset now) =>
        MeterValuesPayload(transactionId, now, RegisterWholeWh(meterStartWh, started, now));

    /// <summary>The MeterValues payload for one instant and whole-Wh register: energy, power, three phase currents, SoC.</summary>
    public static JObject MeterValuesPayload(long transactionId, DateTimeOffset timestamp, long registerWh)
    {
        var reading = new MeterReading(timestamp, registerWh, PowerW, 50m, Currents);
        return OcppPayload.From(new MeterValuesRequest(1, [MeterValueFactory.Full(reading, MeterValueFactory.SamplePeriodic, EnergyUnit.Wh)], transactionId));
    }

    public static long RegisterWholeWh(long meterStartWh, DateTimeOffset started, DateTimeOffset now) =>
        (long)decimal.Floor(Register(meterStartWh, started, now));

    public static JObject Stop(long transactionId, long meterStartWh, DateTimeOffset started, DateTimeOffset now)
    {
        var register = (long)decimal.Floor(Register(meterStartWh, started, now));
        return OcppPayload.From(new StopTransactionRequest(register, now, transactionId, IdTag, "Local",
            [MeterValueFactory.RegisterOnly(now, register, MeterValueFactory.TransactionEnd, EnergyUnit.Wh)]));
    }

    /// <summary>Timestamps are sent with milliseconds; the register is computed from that same truncated instant.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset now) => new(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, now.Offset);

    /// <summary>Checks each kind of payload once, so the run itself can skip per-call validation.</summary>
    public static void Validate(SchemaValidator schemas)
    {
        var now = Truncate(DateTimeOffset.UtcNow);
        Check(schemas, "BootNotification", Boot("SIM-0001"));
        Check(schemas, "StartTransaction", Start(1000, now));
        Check(schemas, "MeterValues", MeterValues(1, 1000, now, now.AddSeconds(1)));
        Check(schemas, "MeterValues", JsonConvert.DeserializeObject<JObject>(new MeterValuesFrame(1).Payload(now, 1234), OcppJson.Settings)!);
        Check(schemas, "StopTransaction", Stop(1, 1000, now, now.AddSeconds(2)));
    }

    private static decimal Register(long meterStartWh, DateTimeOffset started, DateTimeOffset now) =>
        meterStartWh + PowerW * (decimal)(now - started).TotalSeconds / 3600m;

    private static void Check(SchemaValidator schemas, string action, JObject payload)
    {
        if (schemas.ValidateRequest(action, payload) is { } violation)
            throw new InvalidOperationException($"The load {action} violates its schema: {violation.Description}");
    }
}
