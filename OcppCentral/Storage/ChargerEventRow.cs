namespace OcppCentral.Storage;

/// <summary>A row of <c>charger_events</c>.</summary>
internal sealed class ChargerEventRow
{
    public long Id { get; init; }
    public string ChargePointId { get; init; } = "";
    public long At { get; init; }
    public string Kind { get; init; } = "";
    public long? ConnectorId { get; init; }
    public string? Status { get; init; }
    public string? ErrorCode { get; init; }
    public string? Info { get; init; }
    public long? ReportedAt { get; init; }
    public string? Reason { get; init; }
    public long? CloseCode { get; init; }
    public string? RemoteAddress { get; init; }

    public ChargerEvent ToEvent() => new(Id, ChargePointId, UnixTime.FromMs(At), Kind)
    {
        ConnectorId = (int?)ConnectorId, Status = Status, ErrorCode = ErrorCode, Info = Info, ReportedAt = UnixTime.FromMs(ReportedAt),
        Reason = Reason, CloseCode = (int?)CloseCode, RemoteAddress = RemoteAddress,
    };
}
