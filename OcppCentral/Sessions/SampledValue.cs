namespace OcppCentral.Sessions;

/// <summary>
/// One OCPP 1.6 sampledValue exactly as the charger sent it (OCPP 1.6 §7.43): every field but
/// <paramref name="Value"/> is optional and null when absent. Defaults are applied by
/// <see cref="MeterValueNormalizer"/>, never here, so the raw message can always be reproduced.
/// </summary>
public sealed record SampledValue(
    string Value,
    string? Context,
    string? Format,
    string? Measurand,
    string? Phase,
    string? Location,
    string? Unit)
{
    // value is the only required field of a sampledValue (MeterValues.json).
    public string Value { get; init => field = Guard.NotNull(value, nameof(Value)); } = Guard.NotNull(Value, nameof(Value));
}
