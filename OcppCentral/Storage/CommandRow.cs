namespace OcppCentral.Storage;

/// <summary>A row of <c>commands</c>.</summary>
internal sealed class CommandRow
{
    public long Id { get; init; }
    public string ChargePointId { get; init; } = "";
    public string Action { get; init; } = "";
    public string Request { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string? Response { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorDescription { get; init; }
    public string? ErrorDetails { get; init; }
    public long RequestedAt { get; init; }
    public long? CompletedAt { get; init; }

    public CommandRecord ToRecord() => new(Id, ChargePointId, Action, Request, Outcome, Response, ErrorCode, ErrorDescription,
        UnixTime.FromMs(RequestedAt), UnixTime.FromMs(CompletedAt), ErrorDetails);
}
