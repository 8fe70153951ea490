namespace OcppCentral.Storage;

/// <summary>A row of <c>orphan_messages</c>.</summary>
internal sealed class OrphanRow
{
    public long Id { get; init; }
    public string ChargePointId { get; init; } = "";
    public string Action { get; init; } = "";
    public string? TransactionId { get; init; }
    public string Payload { get; init; } = "";
    public long ReceivedAt { get; init; }

    public OrphanMessage ToMessage() => new(Id, ChargePointId, Action, TransactionId, Payload, UnixTime.FromMs(ReceivedAt));
}
