namespace OcppCentral.Admin;

/// <summary>
/// One stored sampledValue (SPEC 8): value and unit as sent, and what the server understood (normalizedValue in
/// Wh, W, varh or var for energy and power, the sent unit otherwise; null for SignedData or an unparsable value).
/// </summary>
public sealed record MeterValueView(DateTimeOffset Timestamp, string Measurand, string Value, string Unit, string? Phase,
    string Context, string Location, string Format, decimal? NormalizedValue, string? NormalizedUnit);
