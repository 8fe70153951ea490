namespace OcppCentral.Transport;

/// <summary>A refused handshake: the HTTP status, a line of text for the body, and the WWW-Authenticate challenge of a 401.</summary>
public sealed record HandshakeRefusal(int StatusCode, string Message, string? Challenge = null);
