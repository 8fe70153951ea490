namespace OcppCentral.Transport;

/// <summary>How a server-initiated CALL ended.</summary>
public enum ServerCallOutcome
{
    /// <summary>The charger answered with a CALLRESULT.</summary>
    Answered,

    /// <summary>The charger answered with a CALLERROR.</summary>
    CallError,

    /// <summary>Sent, but no answer came within <see cref="OcppTransportOptions.CallTimeout"/>.</summary>
    Timeout,

    /// <summary>Not sent: the charger was not connected, or its connection ended while the call waited its turn.</summary>
    NotConnected,

    /// <summary>Sent, but the connection ended before an answer came; the charger may have acted on it (a Reset often does).</summary>
    Disconnected,
}
