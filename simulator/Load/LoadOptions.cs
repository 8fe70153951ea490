namespace ChargeMonitor.Simulator.Load;

/// <summary>How a load run behaves. Every default is stated.</summary>
public sealed record LoadOptions
{
    public required Uri Endpoint { get; init; }

    /// <summary>Chargers, each with one open transaction. Default 100.</summary>
    public int Chargers { get; init; } = 100;

    /// <summary>Default <c>SIM-</c>.</summary>
    public string IdPrefix { get; init; } = "SIM-";

    public string? Password { get; init; }

    /// <summary>For a wss:// endpoint: CAs to trust and a client certificate; null uses the system's trust.</summary>
    public Client.ClientTls? Tls { get; init; }

    /// <summary>
    /// How long MeterValues are sent but not counted once all chargers have connected, so that the measurement
    /// leaves out the server's start-up (its JIT compiles the hot paths over the first seconds). The chargers send
    /// exactly as they do while measuring and run on without a pause into <see cref="Duration"/>. Default 5 s;
    /// zero measures from the first MeterValues.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long MeterValues are measured, after the <see cref="Warmup"/>. Default 60 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>MeterValues per second over all chargers; null sends each charger's next one as soon as the last was answered.</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>Connections being opened at once. Default 200, which connects 10,000 chargers without a SYN flood.</summary>
    public int ConnectConcurrency { get; init; } = 200;

    /// <summary>Tries per charger to connect (with backoff) before it counts as a connection error. Default 3.</summary>
    public int ConnectAttempts { get; init; } = 3;

    /// <summary>A call unanswered this long counts as a timeout. Default 30 s.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Default 5 s.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (Endpoint.Scheme is not ("ws" or "wss"))
            throw new ArgumentException($"The endpoint must be a ws:// or wss:// URL, not '{Endpoint}'.");
        if (Chargers < 1 || ConnectConcurrency < 1 || ConnectAttempts < 1)
            throw new ArgumentException("Chargers, ConnectConcurrency and ConnectAttempts are at least 1.");
        if (Duration <= TimeSpan.Zero || CallTimeout <= TimeSpan.Zero || ProgressInterval <= TimeSpan.Zero)
            throw new ArgumentException("Duration, CallTimeout and ProgressInterval are positive.");
        if (Warmup < TimeSpan.Zero)
            throw new ArgumentException("Warmup is zero or positive.");
        if (RatePerSecond is <= 0)
            throw new ArgumentException("A rate is positive.");
    }
}
