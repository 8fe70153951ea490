namespace OcppCentral.Sessions;

/// <summary>
/// One stored meter-value row (docs/sessions-and-pricing.md): a sampledValue with OCPP defaults applied, the value
/// exactly as sent, and what the server understood of it.
/// </summary>
/// <param name="Value">The value exactly as sent (a number as text, or a SignedData blob).</param>
/// <param name="Unit">The sent unit, or the default for the measurand; "" for dimensionless measurands.</param>
/// <param name="Phase">Null when the charger sent none: the value is an overall value (OCPP 1.6 §7.43).</param>
/// <param name="NormalizedValue">
/// The number in <paramref name="NormalizedUnit"/> (Wh, varh, W, var, or the sent unit);
/// null for SignedData or an unparsable value.
/// </param>
public sealed record MeterSample(
    DateTimeOffset Timestamp,
    string Measurand,
    string Value,
    string Unit,
    string? Phase,
    string Context,
    string Location,
    string Format,
    decimal? NormalizedValue,
    string? NormalizedUnit)
{
    public string Measurand { get; init => field = Guard.NotEmpty(value, nameof(Measurand)); } = Guard.NotEmpty(Measurand, nameof(Measurand));

    public string Value { get; init => field = Guard.NotNull(value, nameof(Value)); } = Guard.NotNull(Value, nameof(Value));

    public string Unit { get; init => field = Guard.NotNull(value, nameof(Unit)); } = Guard.NotNull(Unit, nameof(Unit));

    public string Context { get; init => field = Guard.NotNull(value, nameof(Context)); } = Guard.NotNull(Context, nameof(Context));

    public string Location { get; init => field = Guard.NotNull(value, nameof(Location)); } = Guard.NotNull(Location, nameof(Location));

    public string Format { get; init => field = Guard.NotNull(value, nameof(Format)); } = Guard.NotNull(Format, nameof(Format));

    // A number without a unit (or a unit without a number) cannot be computed with safely. A with-expression
    // changes the pair one at a time, so only construction checks it; the readers compute only with samples
    // that carry both (EnergyRegister, PerTimestampTotals).
    public decimal? NormalizedValue { get; init; } = (NormalizedValue is null) == (NormalizedUnit is null)
        ? NormalizedValue
        : throw new ArgumentException("NormalizedValue and NormalizedUnit are both set or both null.", nameof(NormalizedValue));
}
