using OcppCentral.Sessions;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// One stored sampledValue (docs/admin-api.md), with its id and whether a correction excluded it (docs/corrections.md): value and unit as sent, and what the server understood (normalizedValue in
/// Wh, W, varh or var for energy and power, the sent unit otherwise; null for SignedData or an unparsable value).
/// </summary>
public sealed record MeterValueView(long Id, bool Excluded, DateTimeOffset Timestamp, string Measurand, string Value, string Unit, string? Phase,
    string Context, string Location, string Format, decimal? NormalizedValue, string? NormalizedUnit)
{
    public static MeterValueView From(long id, bool excluded, MeterSample s) =>
        new(id, excluded, s.Timestamp, s.Measurand, s.Value, s.Unit, s.Phase, s.Context, s.Location, s.Format, s.NormalizedValue, s.NormalizedUnit);
}
