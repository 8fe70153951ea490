using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// A Completed session as its current version measured it (its facts, without excluded readings), what it was charged (null:
/// closed without a price), the tariff it is pinned to (the copy, its id and version; null when none applied), and the credit
/// and void its bill carries (docs/corrections.md).
/// </summary>
public sealed record ClosedSession(long TransactionId, string ChargePointId, SessionFacts Facts, Revenue? Actual, TariffDocument? PinnedTariff = null,
    string? TariffId = null, int? TariffVersion = null, decimal? Credit = null, bool Voided = false);
