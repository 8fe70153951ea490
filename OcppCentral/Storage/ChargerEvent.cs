namespace OcppCentral.Storage;

/// <summary>
/// One entry of a charger's history (docs/charger-health.md): <see cref="At"/> is when the server saw it;
/// <see cref="ReportedAt"/> the charger's own timestamp of a status change. The other fields belong to some kinds only.
/// </summary>
public sealed record ChargerEvent(long Id, string ChargePointId, DateTimeOffset At, string Kind)
{
    public int? ConnectorId { get; init; }
    public string? Status { get; init; }
    public string? ErrorCode { get; init; }
    public string? Info { get; init; }
    public DateTimeOffset? ReportedAt { get; init; }
    public string? Reason { get; init; }
    public int? CloseCode { get; init; }
    public string? RemoteAddress { get; init; }

    /// <summary>A new event, not stored yet.</summary>
    public static ChargerEvent New(string chargePointId, DateTimeOffset at, string kind) => new(0, chargePointId, at, kind);
}
