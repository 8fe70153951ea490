using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary>
/// Turns one WebSocket text message into an OCPP-J frame (OCPP-J 1.6 §4.1). Anything that is not a
/// well-formed message array becomes a FormationViolation to send back, with the message id when
/// it can be read and "-1" otherwise; the caller keeps the connection open. The text must be strict JSON
/// (<see cref="StrictJson"/>); a number too large to hold is a PropertyConstraintViolation of the CALL carrying it.
/// </summary>
public static class FrameReader
{
    public static FrameReadResult Read(string text)
    {
        if (StrictJson.Check(text) is { } problem)
            return Refused(problem);

        JToken root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
                MaxDepth = OcppJson.Settings.MaxDepth,
            };
            // The strict check has seen a single JSON value with every number in range, so this reads it all.
            root = JToken.ReadFrom(reader);
        }
        catch (Exception ex) when (ex is JsonException or OverflowException)
        {
            return Unreadable($"Not JSON: {ex.Message}");
        }

        if (root is not JArray array)
            return Unreadable("A message must be a JSON array.");
        if (array.Count == 0 || array[0].Type != JTokenType.Integer)
            return Unreadable("The first element of a message must be the integer message type (2, 3 or 4).");

        var messageId = ReadMessageId(array);
        // An integer beyond 64 bits is read as a BigInteger: not a message type, and no reason to throw.
        var typeId = array[0] is JValue { Value: long id } ? id : (long?)null;
        if (messageId is null)
            return Unreadable("The second element of a message must be the message id, a string of at most 36 characters.");

        return typeId switch
        {
            (long)MessageTypeId.Call => ReadCall(array, messageId),
            (long)MessageTypeId.CallResult => ReadCallResult(array, messageId),
            (long)MessageTypeId.CallError => ReadCallError(array, messageId),
            // Not the PDU structure of OCPP-J 1.6 §4.1.3 (which knows 2, 3 and 4); answered, as the charger may expect an answer.
            _ => FrameReadResult.Fail(messageId, OcppErrorCode.FormationViolation, $"Unknown message type {array[0]}; OCPP-J 1.6 has 2 (CALL), 3 (CALLRESULT) and 4 (CALLERROR)."),
        };
    }

    /// <summary>
    /// A text the strict check refused. Once its type and id have been read, a CALL is answered with its id: a number
    /// out of range (necessarily in its action or payload) as PropertyConstraintViolation (docs/ocpp-endpoint.md),
    /// anything else as FormationViolation. A CALLRESULT or CALLERROR is never answered; the rest is unreadable.
    /// </summary>
    private static FrameReadResult Refused(StrictJsonProblem problem)
    {
        var id = problem.MessageId is { Length: > 0 and <= 36 } readable ? readable : null;
        return problem.TypeId switch
        {
            _ when id is null => Unreadable(problem.Description),
            (long)MessageTypeId.CallResult or (long)MessageTypeId.CallError => FrameReadResult.Ignore($"Malformed answer {id}: {problem.Description}"),
            (long)MessageTypeId.Call when problem.Problem == StrictJsonProblem.Kind.NumberOutOfRange =>
                FrameReadResult.Fail(id, OcppErrorCode.PropertyConstraintViolation, problem.Description),
            not null => FrameReadResult.Fail(id, OcppErrorCode.FormationViolation, problem.Description),
            null => Unreadable(problem.Description),
        };
    }

    private static FrameReadResult ReadCall(JArray array, string messageId)
    {
        if (array.Count != 4)
            return FrameReadResult.Fail(messageId, OcppErrorCode.FormationViolation,
                $"A CALL has 4 elements [2, id, action, payload]; this one has {array.Count}.");
        if (array[2].Type != JTokenType.String || string.IsNullOrEmpty(array[2].Value<string>()))
            return FrameReadResult.Fail(messageId, OcppErrorCode.FormationViolation, "The action of a CALL must be a non-empty string.");
        if (array[3] is not JObject payload)
            return FrameReadResult.Fail(messageId, OcppErrorCode.FormationViolation, "The payload of a CALL must be a JSON object.");
        return FrameReadResult.Ok(new OcppCall(messageId, array[2].Value<string>()!, payload));
    }

    private static FrameReadResult ReadCallResult(JArray array, string messageId) =>
        array.Count == 3 && array[2] is JObject payload
            ? FrameReadResult.Ok(new OcppCallResult(messageId, payload))
            : FrameReadResult.Ignore($"Malformed CALLRESULT {messageId}: expected [3, id, {{payload}}].");

    private static FrameReadResult ReadCallError(JArray array, string messageId)
    {
        if (array.Count != 5 || array[2].Type != JTokenType.String || array[3].Type != JTokenType.String)
            return FrameReadResult.Ignore($"Malformed CALLERROR {messageId}: expected [4, id, code, description, {{details}}].");
        var details = array[4] as JObject ?? new JObject();
        return FrameReadResult.Ok(new OcppCallError(messageId, array[2].Value<string>()!, array[3].Value<string>()!, details));
    }

    /// <summary>OCPP-J 1.6 §4.1.4: the id is a string of at most 36 characters.</summary>
    private static string? ReadMessageId(JArray array)
    {
        if (array.Count < 2 || array[1].Type != JTokenType.String)
            return null;
        var id = array[1].Value<string>()!;
        return id.Length is > 0 and <= 36 ? id : null;
    }

    private static FrameReadResult Unreadable(string description) =>
        FrameReadResult.Fail(OcppCallError.UnknownMessageId, OcppErrorCode.FormationViolation, description);
}
