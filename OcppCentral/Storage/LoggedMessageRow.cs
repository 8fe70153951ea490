namespace OcppCentral.Storage;

/// <summary>A row of <c>ocpp_messages</c>.</summary>
internal sealed class LoggedMessageRow
{
    public long Id { get; init; }
    public string ChargePointId { get; init; } = "";
    public long At { get; init; }
    public string Direction { get; init; } = "";
    public string? MessageType { get; init; }
    public string? MessageId { get; init; }
    public string? Action { get; init; }
    public string? Frame { get; init; }
    public long Length { get; init; }
    public long Truncated { get; init; }

    public LoggedMessage ToMessage() =>
        new(Id, ChargePointId, UnixTime.FromMs(At), Direction, MessageType, MessageId, Action, Frame, (int)Length, Truncated != 0);
}
