namespace OcppCentral.Storage;

/// <summary>
/// A row of <c>commands</c>: one server-initiated call asked for through the admin API. <see cref="Outcome"/> is
/// <see cref="Pending"/> while the call waits or is in flight, then how it ended (Answered, CallError, Timeout,
/// NotConnected, Disconnected). Request and response are the OCPP payloads as compact JSON.
/// </summary>
public sealed class CommandRow
{
    public const string Pending = "Pending";

    public long Id { get; init; }
    public string ChargePointId { get; init; } = "";
    public string Action { get; init; } = "";
    public string Request { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string? Response { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorDescription { get; init; }
    public long RequestedAt { get; init; }
    public long? CompletedAt { get; init; }
}
