using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary>Writes frames as compact OCPP-J message arrays.</summary>
public static class FrameWriter
{
    public static string Write(OcppFrame frame)
    {
        var array = frame switch
        {
            OcppCall call => new JArray((int)MessageTypeId.Call, call.MessageId, call.Action, call.Payload),
            OcppCallResult result => new JArray((int)MessageTypeId.CallResult, result.MessageId, result.Payload),
            OcppCallError error => new JArray((int)MessageTypeId.CallError, error.MessageId, error.ErrorCode,
                error.ErrorDescription, error.ErrorDetails),
            _ => throw new ArgumentException($"Unknown frame type {frame.GetType().Name}.", nameof(frame)),
        };
        return array.ToString(Formatting.None);
    }

    public static JObject ToPayload(object message) => JObject.FromObject(message, OcppJson.Serializer);
}
