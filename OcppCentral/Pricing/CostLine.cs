using System.Text.Json.Serialization;

namespace OcppCentral.Pricing;

/// <summary>
/// One line of a bill (docs/sessions-and-pricing.md): <paramref name="Quantity"/> <paramref name="Unit"/> ×
/// <paramref name="UnitPrice"/>, with <paramref name="Amount"/> rounded to 2 decimals, midpoint away
/// from zero. <paramref name="Component"/> and <paramref name="Unit"/> take the values of
/// <see cref="CostComponents"/> and <see cref="CostUnits"/>. <paramref name="Period"/> labels energy
/// priced by a tariff period, e.g. "Mon-Fri 16:00-19:00"; it is null (and left out of the JSON) otherwise.
/// </summary>
public sealed record CostLine(
    string Component,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Period);
