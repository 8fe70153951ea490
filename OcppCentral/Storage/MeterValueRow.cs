using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>A row of <c>meter_values</c>: one sampledValue as sent, with what the server understood of it.</summary>
internal sealed class MeterValueRow
{
    public long Id { get; init; }
    public string ChargePointId { get; init; } = "";
    public long ConnectorId { get; init; }
    public long? TransactionId { get; init; }
    public long Timestamp { get; init; }
    public string Measurand { get; init; } = "";
    public string Value { get; init; } = "";
    public string Unit { get; init; } = "";
    public string? Phase { get; init; }
    public string Context { get; init; } = "";
    public string Location { get; init; } = "";
    public string Format { get; init; } = "";
    public decimal? NormalizedValue { get; init; }
    public string? NormalizedUnit { get; init; }
    public long? ReceivedAt { get; init; }

    public MeterSample ToSample() => new(UnixTime.FromMs(Timestamp), Measurand, Value, Unit, Phase, Context, Location, Format,
        NormalizedValue, NormalizedUnit);
}
