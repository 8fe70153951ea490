namespace OcppCentral.Storage;

/// <summary>
/// One server-initiated call asked for through the admin API. <see cref="Outcome"/> is <see cref="Pending"/> while the
/// call waits or is in flight, then how it ended (Answered, CallError, Timeout, NotConnected, Disconnected). Request and
/// response are the OCPP payloads as compact JSON, and so are a CALLERROR's <see cref="ErrorDetails"/>.
/// </summary>
public sealed record CommandRecord(long Id, string ChargePointId, string Action, string Request, string Outcome, string? Response,
    string? ErrorCode, string? ErrorDescription, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, string? ErrorDetails = null)
{
    public const string Pending = "Pending";
}
