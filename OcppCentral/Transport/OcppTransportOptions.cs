namespace OcppCentral.Transport;

/// <summary>Limits and timings of the OCPP WebSocket endpoint (section <c>Ocpp</c>). Every default is stated here.</summary>
public sealed class OcppTransportOptions
{
    /// <summary>Largest text message accepted from a charger; a larger one closes the socket with MessageTooBig (1009). Default 1 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the server pings a charger (WebSocket ping frames). Default 30 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping may go unanswered before the link counts as dead and is aborted. Default 30 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bad frames (unparsable, or refused with a CALLERROR) a charger may send within one minute before it is
    /// disconnected with PolicyViolation (1008). Default 120: generous, so a charger with one buggy message type keeps working.
    /// </summary>
    public int MaxBadFramesPerMinute { get; set; } = 120;

    /// <summary>How long a server-initiated CALL waits for the charger's answer (docs/ocpp-endpoint.md), from when it is sent. Default 30 s; 10 ms to 1 day.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <returns>What is wrong with these settings, or null; checked at start-up so a bad value stops the server with a clear reason.</returns>
    public string? Problem() => this switch
    {
        { MaxMessageBytes: < 1024 } => "Ocpp:MaxMessageBytes must be at least 1024",
        { MaxBadFramesPerMinute: < 0 } => "Ocpp:MaxBadFramesPerMinute must not be negative",
        _ when KeepAliveInterval <= TimeSpan.Zero => "Ocpp:KeepAliveInterval must be positive",
        _ when KeepAliveTimeout <= TimeSpan.Zero => "Ocpp:KeepAliveTimeout must be positive",
        _ when CallTimeout < TimeSpan.FromMilliseconds(10) || CallTimeout > TimeSpan.FromDays(1) => "Ocpp:CallTimeout must be between 10 ms and 1 day",
        _ => null,
    };
}
