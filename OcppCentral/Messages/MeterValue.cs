namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §7.30: the sampled values taken at one point in time.</summary>
public sealed record MeterValue(DateTimeOffset Timestamp, IReadOnlyList<SampledValue> SampledValue);
