namespace OcppCentral.Storage;

/// <summary>
/// One frame of the OCPP message log (docs/charger-health.md): <see cref="At"/> is when the server received or sent it;
/// <see cref="Direction"/> <c>In</c> (from the charger) or <c>Out</c>; <see cref="MessageType"/> <c>Call</c>, <c>CallResult</c>
/// or <c>CallError</c>, null for a frame that could not be read; <see cref="Action"/> the CALL's action, or for an answer
/// the action of the CALL it answers, when known. <see cref="Frame"/> is the frame's text with its secrets redacted,
/// only its first <see cref="MessageLogLimits.MaxFrameChars"/> characters when <see cref="Truncated"/>; <see cref="Length"/> is
/// the whole frame's length in characters (in bytes for a binary frame, whose text is null).
/// </summary>
public sealed record LoggedMessage(long Id, string ChargePointId, DateTimeOffset At, string Direction, string? MessageType, string? MessageId,
    string? Action, string? Frame, int Length, bool Truncated)
{
    public const string In = "In";
    public const string Out = "Out";
}
