using System.Globalization;
using ChargeMonitor.Simulator.Charging;
using Newtonsoft.Json;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Load;

/// <summary>
/// The MeterValues CALL of one load charger as ready text. The payload is rendered once through the same records and
/// serializer as every other message, with a marker register and timestamp; each call then only splices in its
/// message id, register and timestamp. A load generator should spend its CPU on load, not on building JSON: on a
/// shared machine every microsecond it saves is one the server can use.
/// </summary>
internal sealed class MeterValuesFrame
{
    private const long MarkerRegisterWh = 987_654_321_987_654;
    private static readonly DateTimeOffset MarkerTime = new(2099, 12, 31, 23, 59, 58, 765, TimeSpan.Zero);

    private readonly string _beforeTimestamp;
    private readonly string _betweenTimestampAndRegister;
    private readonly string _afterRegister;

    public MeterValuesFrame(long transactionId)
    {
        var payload = LoadMessages.MeterValuesPayload(transactionId, MarkerTime, MarkerRegisterWh).ToString(Formatting.None);
        var time = payload.IndexOf(UtcTimestampConverter.Format(MarkerTime), StringComparison.Ordinal);
        var register = payload.IndexOf(MarkerRegisterWh.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (time < 0 || register < time)
            throw new InvalidOperationException("The MeterValues payload does not have the expected shape: timestamp, then register.");
        _beforeTimestamp = payload[..time];
        _betweenTimestampAndRegister = payload[(time + UtcTimestampConverter.Format(MarkerTime).Length)..register];
        _afterRegister = payload[(register + MarkerRegisterWh.ToString(CultureInfo.InvariantCulture).Length)..];
    }

    /// <summary>The payload for this instant and register, exactly as <see cref="LoadMessages.MeterValuesPayload"/> would write it.</summary>
    public string Payload(DateTimeOffset timestamp, long registerWh) =>
        string.Concat(_beforeTimestamp, UtcTimestampConverter.Format(timestamp), _betweenTimestampAndRegister,
            registerWh.ToString(CultureInfo.InvariantCulture), _afterRegister);

    /// <summary>The whole CALL frame.</summary>
    public string Call(string messageId, DateTimeOffset timestamp, long registerWh) =>
        string.Concat("[2,\"", messageId, "\",\"MeterValues\",", Payload(timestamp, registerWh), "]");
}
