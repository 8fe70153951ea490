using Microsoft.Extensions.Options;
using OcppCentral.Protocol;
using OcppCentral.Storage;

namespace OcppCentral.Admission;

/// <summary>
/// The OCPP message log's side of a connection (docs/charger-health.md): whether a charger's frames are logged (its own
/// setting, else <c>--message-log</c>), and each frame as it is kept: its secrets redacted as the command log redacts them
/// (<see cref="ConfigurationSecrets"/>), cut at <see cref="MessageLogLimits.MaxFrameChars"/> characters, and queued to the
/// storage writer without being waited for (<see cref="MessageLogStore"/>).
/// </summary>
public sealed class MessageLog(MessageLogStore store, ChargePointStore chargers, IOptions<ChargeMonitorOptions> options, TimeProvider time,
    ILogger<MessageLog> logger)
{
    /// <summary>Whether a charger with this setting of its own is logged: its setting, or the server's when it has none.</summary>
    public bool IsOn(bool? chargerSetting) => chargerSetting ?? options.Value.MessageLog;

    /// <summary>Whether the charger's frames are logged, as its record says now; the server's setting when the record cannot be read.</summary>
    public async Task<bool> IsOnForAsync(string chargePointId, CancellationToken ct)
    {
        try
        {
            return IsOn((await chargers.FindAsync(chargePointId, ct).ConfigureAwait(false))?.MessageLog);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read the message log setting of {ChargePointId}; following --message-log", chargePointId);
            return IsOn(null);
        }
    }

    /// <summary>A text frame received or sent.</summary>
    /// <param name="frame">What the frame reader made of it; null when it could not be read.</param>
    /// <param name="action">The CALL's action, or for an answer the action of the CALL it answers; null when not known.</param>
    public void Record(string chargePointId, bool incoming, string text, OcppFrame? frame, string? action)
    {
        var kept = frame is null ? Unreadable(text) : Redacted(text, frame, action);
        var truncated = kept.Length > MessageLogLimits.MaxFrameChars;
        if (truncated)
        {
            // Never half a surrogate pair at the cut: the text stays valid Unicode.
            var cut = char.IsHighSurrogate(kept[MessageLogLimits.MaxFrameChars - 1]) ? MessageLogLimits.MaxFrameChars - 1 : MessageLogLimits.MaxFrameChars;
            kept = kept[..cut];
        }
        store.Enqueue(new LoggedMessage(0, chargePointId, time.GetUtcNow(), incoming ? LoggedMessage.In : LoggedMessage.Out, TypeOf(frame),
            frame?.MessageId, action, kept, text.Length, truncated));
    }

    /// <summary>A binary frame received (OCPP-J has none): kept without its content, with its size.</summary>
    public void RecordBinary(string chargePointId, int bytes) =>
        store.Enqueue(new LoggedMessage(0, chargePointId, time.GetUtcNow(), LoggedMessage.In, null, null, null, null, bytes, false));

    private static string? TypeOf(OcppFrame? frame) => frame switch
    {
        OcppCall => "Call",
        OcppCallResult => "CallResult",
        OcppCallError => "CallError",
        _ => null,
    };

    /// <summary>
    /// The frame's own text unless it carries a secret, else the frame written anew with the secret's value replaced. An
    /// answer whose call is not known (a late one) is treated as a GetConfiguration answer could be: only the values of
    /// secret keys in a configurationKey list change.
    /// </summary>
    private static string Redacted(string text, OcppFrame frame, string? action)
    {
        switch (frame)
        {
            case OcppCall call when ConfigurationSecrets.RequestForLog(call.Action, call.Payload) is var payload && !ReferenceEquals(payload, call.Payload):
                return FrameWriter.Write(call with { Payload = payload });
            case OcppCallResult result when ConfigurationSecrets.AnswerForLog(action ?? "GetConfiguration", result.Payload) is var answer
                                            && !ReferenceEquals(answer, result.Payload):
                return FrameWriter.Write(result with { Payload = answer });
            default:
                return text;
        }
    }

    /// <summary>A frame that could not be read cannot be redacted field by field: one that names a secret key is kept as <c>***</c> only.</summary>
    private static string Unreadable(string text) =>
        text.Contains(ConfigurationSecrets.AuthorizationKey, StringComparison.OrdinalIgnoreCase) || text.Contains("password", StringComparison.OrdinalIgnoreCase)
            ? ConfigurationSecrets.Redacted
            : text;
}
