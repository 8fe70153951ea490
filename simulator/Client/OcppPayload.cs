using System.Numerics;
using Newtonsoft.Json.Linq;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Client;

/// <summary>
/// A message record as the JSON payload that goes on the wire. The records carry transactionIds as
/// <see cref="BigInteger"/> (chargers send any JSON integer); in a JObject those would stay BigInteger values,
/// which the schema validator cannot read, so ids that fit a long are stored as one — the JSON text is the same.
/// </summary>
public static class OcppPayload
{
    public static JObject From(object message)
    {
        var payload = message as JObject ?? FrameWriter.ToPayload(message);
        foreach (var value in payload.Descendants().OfType<JValue>())
        {
            if (value.Value is BigInteger big && big >= long.MinValue && big <= long.MaxValue)
                value.Value = (long)big;
        }
        return payload;
    }
}
