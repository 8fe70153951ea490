using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary>Who sent a CALL, when the server received it, and its payload as sent (for what must be kept verbatim).</summary>
public sealed record OcppRequestContext(string ChargePointId, string MessageId, DateTimeOffset ReceivedAt, JObject Payload)
{
    /// <summary>The payload as compact JSON text; computed only by those who keep it (orphans).</summary>
    public string PayloadText() => Payload.ToString(Formatting.None);
}
