using System.Numerics;
using OcppCentral.Sessions;

namespace OcppCentral.Ledger;

/// <summary>A StartTransaction as the ledger needs it.</summary>
public sealed record TransactionStart(string ChargePointId, int ConnectorId, string IdTag, long MeterStartWh,
    DateTimeOffset Timestamp, int? ReservationId, DateTimeOffset ReceivedAt);

/// <summary>A MeterValues as the ledger needs it: normalised samples, and the payload as sent, rendered only for an orphan.</summary>
public sealed record MeterValuesReport(string ChargePointId, int ConnectorId, BigInteger? TransactionId,
    IReadOnlyList<MeterSample> Samples, Func<string> Payload, DateTimeOffset ReceivedAt);

/// <summary>A StopTransaction as the ledger needs it; Samples are its transactionData.</summary>
public sealed record TransactionStop(string ChargePointId, BigInteger TransactionId, long MeterStopWh, DateTimeOffset Timestamp,
    string? Reason, string? IdTag, IReadOnlyList<MeterSample> Samples, Func<string> Payload, DateTimeOffset ReceivedAt);

/// <summary>A BootNotification as the ledger needs it.</summary>
public sealed record ChargerBoot(string ChargePointId, string Vendor, string Model, string? SerialNumber, string? FirmwareVersion,
    DateTimeOffset ReceivedAt);

public enum StopOutcome
{
    Completed,
    AlreadyCompleted,
    Orphan,
}
