using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>A Completed session as it was measured (its facts at close) and what it was charged (null: closed without a price).</summary>
public sealed record ClosedSession(long TransactionId, string ChargePointId, SessionFacts Facts, Revenue? Actual);
