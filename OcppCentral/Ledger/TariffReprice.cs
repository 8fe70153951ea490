using OcppCentral.Pricing;

namespace OcppCentral.Ledger;

/// <summary>
/// A re-price of a tariff's closed sessions (docs/corrections.md): those pinned to <paramref name="TariffId"/> that started in
/// [<paramref name="From"/>, <paramref name="To"/>), priced with its current version, each as a <c>reprice</c> correction made by
/// <paramref name="Actor"/> for <paramref name="Reason"/>; the Idempotency-Key and request hash make a resend return the first answer.
/// </summary>
public sealed record TariffReprice(string TariffId, DateTimeOffset From, DateTimeOffset To, string Reason, string Actor, string? IdempotencyKey,
    string RequestHash);

/// <summary>
/// One session of a re-price: what it is charged now (<paramref name="Current"/>), what its tariff's current version charges
/// (<paramref name="Repriced"/>, credits and void kept), the difference (null when the currencies differ), the tariff version it
/// was priced with, and the session version the re-price made (null in a dry run, or when <paramref name="Refused"/> says why not).
/// </summary>
public sealed record RepricedSession(long TransactionId, string ChargePointId, DateTimeOffset StartTime, int? FromTariffVersion, int? Version,
    Revenue? Current, Revenue? Repriced, Revenue? Difference, string? Refused);

/// <summary>What the re-priced sessions come to in one currency: now, re-priced, and the difference; a session counts in its new currency.</summary>
public sealed record RepriceTotal(string Currency, int Sessions, Revenue Current, Revenue Repriced, Revenue Difference);

/// <summary>
/// The answer of a re-price or its dry run: the tariff version the sessions are priced with, how many were re-priced, skipped
/// (already on that version) and refused, the sums per currency, and every session re-priced or refused, in start order.
/// </summary>
public sealed record TariffRepriceResult(string TariffId, int TariffVersion, DateTimeOffset From, DateTimeOffset To, bool DryRun, string Reason,
    int Repriced, int Skipped, int Refused, IReadOnlyList<RepriceTotal> Totals, IReadOnlyList<RepricedSession> Sessions);

public enum RepriceResult
{
    Done,
    Replayed,
    NotFound,
    TooMany,
    Conflict,
}

/// <summary>What became of a re-price: its answer, or why there is none (<paramref name="Sessions"/>: how many needed it, for TooMany).</summary>
public sealed record RepriceOutcome(RepriceResult Result, TariffRepriceResult? Answer = null, string? Message = null, int? Sessions = null);
