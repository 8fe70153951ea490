using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary><c>[3, "messageId", {payload}]</c></summary>
public sealed record OcppCallResult(string MessageId, JObject Payload) : OcppFrame(MessageId);
