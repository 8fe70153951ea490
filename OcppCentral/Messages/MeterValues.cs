using System.Numerics;

namespace OcppCentral.Messages;

/// <summary>
/// OCPP 1.6 §4.7: samples for a connector, and for a transaction when transactionId is given.
/// transactionId is a <see cref="BigInteger"/> because chargers send any JSON integer (one sends 2^63−1);
/// the handler decides whether it names a known session.
/// </summary>
public sealed record MeterValuesRequest(int ConnectorId, IReadOnlyList<MeterValue> MeterValue, BigInteger? TransactionId = null);

public sealed record MeterValuesResponse;
