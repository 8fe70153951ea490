using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary>
/// Turns one WebSocket text message into an OCPP-J frame (OCPP-J 1.6 §4.1). Anything that is not a
/// well-formed message array becomes a FormationViolation to send back, with the message id when
/// it can be read and "-1" otherwise; the caller keeps the connection open.
/// </summary>
public static class FrameReader
{
    public static FrameReadResult Read(string text)
    {
        JToken root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
                MaxDepth = OcppJson.Settings.MaxDepth,
            };
            root = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                return Unreadable("Text follows the message array.");
        }
        catch (JsonException ex)
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
            _ => FrameReadResult.Fail(messageId, OcppErrorCode.ProtocolError, $"Unknown message type {array[0]}."),
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
