namespace OcppCentral.Messages;

/// <summary>
/// OCPP 1.6 §7.43: one value, as the charger sent it. The enumerations (measurand, unit, phase …) stay
/// strings: the schema has already checked them, and names such as "L1-N" or "Energy.Active.Import.Register"
/// are not C# identifiers.
/// </summary>
public sealed record SampledValue(
    string Value,
    string? Context = null,
    string? Format = null,
    string? Measurand = null,
    string? Phase = null,
    string? Location = null,
    string? Unit = null);
