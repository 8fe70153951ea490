using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary><c>[2, "messageId", "Action", {payload}]</c></summary>
public sealed record OcppCall(string MessageId, string Action, JObject Payload) : OcppFrame(MessageId);
