using System.Text.Json.Serialization;

namespace OcppCentral.Pricing;

/// <summary>
/// Actual against candidate revenue over a set of closed sessions (docs/sessions-and-pricing.md, price what-if): all of them
/// (<paramref name="ChargePointId"/> null, left out of the JSON) or one charger's.
/// <paramref name="Actual"/> holds one entry per currency the sessions were closed in; sessions closed
/// without a price count 0 and as <paramref name="UnpricedSessions"/>. <paramref name="Difference"/> is
/// candidate − actual, and null when <paramref name="CurrencyMismatch"/>: some session was charged in a
/// currency other than the candidate's, and amounts in different currencies are not added up. <paramref name="Candidate"/> is null
/// only in the what-if's <c>adjust</c> (<see cref="CurrencyRevenueTally"/>), where each session is re-priced in its own currency,
/// when the sessions are priced in several currencies (or none).
/// </summary>
public sealed record RevenueComparison(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChargePointId,
    int Sessions,
    int UnpricedSessions,
    decimal EnergyKwh,
    IReadOnlyList<ActualRevenue> Actual,
    Revenue? Candidate,
    Revenue? Difference,
    bool CurrencyMismatch);
