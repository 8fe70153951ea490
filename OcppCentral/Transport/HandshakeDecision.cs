namespace OcppCentral.Transport;

/// <summary>What <see cref="OcppHandshake.DecideAsync"/> decided: the subprotocol to echo, or the refusal.</summary>
public readonly record struct HandshakeDecision(string? SubProtocol, HandshakeRefusal? Refusal)
{
    public static HandshakeDecision Refuse(int status, string message) => new(null, new HandshakeRefusal(status, message));
}
