using Newtonsoft.Json.Linq;

namespace OcppCentral.Transport;

/// <summary>The end of a server-initiated CALL: the charger's payload when answered, else why not.</summary>
public sealed record ServerCallResult(ServerCallOutcome Outcome, JObject? Response, string? ErrorCode, string? ErrorDescription, JObject? ErrorDetails)
{
    public static ServerCallResult Answered(JObject response) => new(ServerCallOutcome.Answered, response, null, null, null);

    public static ServerCallResult Refused(string code, string description, JObject details) =>
        new(ServerCallOutcome.CallError, null, code, description, details);

    public static ServerCallResult TimedOut(TimeSpan timeout) =>
        new(ServerCallOutcome.Timeout, null, null, $"The charger did not answer within {timeout.TotalSeconds:0.###} s.", null);

    public static readonly ServerCallResult NotConnected =
        new(ServerCallOutcome.NotConnected, null, null, "The charger is not connected; nothing was sent.", null);

    public static readonly ServerCallResult Disconnected =
        new(ServerCallOutcome.Disconnected, null, null, "The charger disconnected after the call was sent, before answering; it may have acted on it.", null);
}
