namespace OcppCentral.Protocol;

/// <summary>
/// What <see cref="FrameReader"/> made of a text message: a frame, the CALLERROR to answer with, or
/// nothing to answer. A malformed CALLRESULT or CALLERROR is never answered (OCPP-J 1.6 §4.2: only a
/// CALL gets a response), so it comes back with only a <see cref="Problem"/> to log.
/// </summary>
public sealed record FrameReadResult(OcppFrame? Frame, OcppCallError? Error, string? Problem)
{
    public static FrameReadResult Ok(OcppFrame frame) => new(frame, null, null);

    public static FrameReadResult Fail(string messageId, string code, string description) =>
        new(null, OcppCallError.Create(messageId, code, description), description);

    public static FrameReadResult Ignore(string problem) => new(null, null, problem);
}
