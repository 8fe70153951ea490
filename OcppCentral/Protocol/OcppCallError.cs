using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary><c>[4, "messageId", "ErrorCode", "ErrorDescription", {details}]</c></summary>
public sealed record OcppCallError(string MessageId, string ErrorCode, string ErrorDescription, JObject ErrorDetails)
    : OcppFrame(MessageId)
{
    /// <summary>The id used when the offending frame's own id cannot be read (OCPP-J has none; "-1" is the common choice).</summary>
    public const string UnknownMessageId = "-1";

    public static OcppCallError Create(string messageId, string errorCode, string description) =>
        new(messageId, errorCode, description, new JObject());
}
