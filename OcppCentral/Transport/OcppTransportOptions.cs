namespace OcppCentral.Transport;

/// <summary>Limits and timings of the OCPP WebSocket endpoint. Every default is stated here.</summary>
public sealed class OcppTransportOptions
{
    /// <summary>Largest text message accepted from a charger; a larger one closes the socket with MessageTooBig. Default 1 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the server pings an idle charger. Default 30 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping may go unanswered before the link counts as dead and is aborted. Default 30 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bad frames (unparsable, or failing their schema) a charger may send within one minute before it is
    /// disconnected. Default 120: generous, so a charger with one buggy message type keeps working.
    /// </summary>
    public int MaxBadFramesPerMinute { get; set; } = 120;

    /// <summary>How long a server-initiated CALL waits for the charger's answer (SPEC 3). Default 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
