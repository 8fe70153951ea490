namespace OcppCentral.Sessions;

/// <summary>
/// One stored meter-value row (SPEC 4): a sampledValue with OCPP defaults applied, the value
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
    public string Measurand { get; init; } =
        !string.IsNullOrEmpty(Measurand) ? Measurand : throw new ArgumentException("A meter sample needs a measurand.", nameof(Measurand));

    public string Value { get; init; } = Value ?? throw new ArgumentNullException(nameof(Value));

    public string Unit { get; init; } = Unit ?? throw new ArgumentNullException(nameof(Unit));

    public string Context { get; init; } = Context ?? throw new ArgumentNullException(nameof(Context));

    public string Location { get; init; } = Location ?? throw new ArgumentNullException(nameof(Location));

    public string Format { get; init; } = Format ?? throw new ArgumentNullException(nameof(Format));

    // A number without a unit (or a unit without a number) cannot be computed with safely.
    public decimal? NormalizedValue { get; init; } = (NormalizedValue is null) == (NormalizedUnit is null)
        ? NormalizedValue
        : throw new ArgumentException("NormalizedValue and NormalizedUnit are both set or both null.", nameof(NormalizedValue));
}
