using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Client;
using ChargeMonitor.Simulator.Feedback;
using ChargeMonitor.Simulator.Scenarios;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>How one <see cref="SimulatedCharger"/> behaves. Every default is stated; <see cref="Validate"/> checks ranges.</summary>
public sealed record ChargerOptions
{
    /// <summary>The central system's OCPP URL without the charger id, e.g. <c>ws://localhost:8180/ocpp</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>At most 20 characters would fit a BootNotification serial; ids are path segments, so keep them URL-friendly.</summary>
    public required string ChargePointId { get; init; }

    /// <summary>HTTP Basic auth password (OCPP security profile 1); none by default.</summary>
    public string? Password { get; init; }

    /// <summary>For a wss:// endpoint: CAs to trust and a client certificate (OCPP security profile 3); null uses the system's trust.</summary>
    public ClientTls? Tls { get; init; }

    /// <summary>Sessions to run before <see cref="SimulatedCharger.RunAsync"/> returns; null runs until cancelled. Default 1.</summary>
    public int? Sessions { get; init; } = 1;

    /// <summary>Real-time length of the charging part of a session; the energy scales with it. Default 60 s.</summary>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time between MeterValues (the MeterValueSampleInterval key; the server may change it). Default 10 s.</summary>
    public TimeSpan MeterInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the car stays parked after charging; null draws it per session (0 to 60 % of the charging time).</summary>
    public TimeSpan? IdleDuration { get; init; }

    /// <summary>Pause between one session's end and the next one's start. Default 2 s.</summary>
    public TimeSpan PauseBetweenSessions { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>False: sessions start only on RemoteStartTransaction. Default true.</summary>
    public bool AutoStartSessions { get; init; } = true;

    /// <summary>The charger's power class; null draws one (about 70 % AC, 30 % DC).</summary>
    public ChargerKind? Kind { get; init; }

    /// <summary>idTags drivers use, one drawn per session; null uses SIMTAG0001…SIMTAG0020.</summary>
    public IReadOnlyList<string>? IdTags { get; init; }

    public Scenario Scenarios { get; init; } = Scenario.None;

    /// <summary>How far ahead the clock is in the clock-skew scenario. Default 10 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the offline scenario stays offline; null means half the charging time.</summary>
    public TimeSpan? OfflineDuration { get; init; }

    /// <summary>How long a reboot (scenario or Reset) keeps the charger away. Default 2 s.</summary>
    public TimeSpan RebootDowntime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Seeds cars, drivers, the meter's starting register and reconnect jitter. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Post driver feedback after each session; null (the default) posts none.</summary>
    public FeedbackOptions? Feedback { get; init; }

    /// <summary>A CALL unanswered this long counts as a dead link: the charger reconnects and resends. Default 30 s.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay; it doubles, with jitter, up to <see cref="MaxReconnectDelay"/>. Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At shutdown, how long to wait for queued messages (the final StopTransaction) to be answered. Default 10 s.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A display for price and cost (California Pricing, docs/simulator.md): advertises CustomDisplayCostAndPrice true,
    /// answers the cost messages, shows them and checks them. Default false.
    /// </summary>
    public bool CostDisplay { get; init; }

    /// <summary>The display's Language key (with <see cref="CostDisplay"/>). Default en.</summary>
    public string DisplayLanguage { get; init; } = "en";

    /// <summary>The display's NumberOfDecimalsForCostValues (with <see cref="CostDisplay"/>), 0 to 6. Default 2.</summary>
    public int DisplayDecimals { get; init; } = 2;

    public string Vendor { get; init; } = "ChargeMonitor";

    public string Model { get; init; } = "Simulator";

    public string FirmwareVersion { get; init; } = "sim-1.0";

    public void Validate()
    {
        if (Endpoint.Scheme is not ("ws" or "wss"))
            throw new ArgumentException($"The endpoint must be a ws:// or wss:// URL, not '{Endpoint}'.");
        if (string.IsNullOrWhiteSpace(ChargePointId) || ChargePointId.Length > 48)
            throw new ArgumentException("A charge point id has 1 to 48 characters.");
        if (Sessions is < 0)
            throw new ArgumentException("Sessions cannot be negative.");
        if (SessionDuration < TimeSpan.Zero || MeterInterval < TimeSpan.Zero || PauseBetweenSessions < TimeSpan.Zero
            || IdleDuration < TimeSpan.Zero || RebootDowntime < TimeSpan.Zero || OfflineDuration < TimeSpan.Zero)
            throw new ArgumentException("Durations cannot be negative.");
        if (CallTimeout <= TimeSpan.Zero || ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
            throw new ArgumentException("CallTimeout and ReconnectDelay must be positive, MaxReconnectDelay at least ReconnectDelay.");
        if (string.IsNullOrWhiteSpace(DisplayLanguage) || DisplayLanguage.Length > 35 || DisplayDecimals is < 0 or > 6)
            throw new ArgumentException("A display language has 1 to 35 characters, and its decimals are 0 to 6.");
        if (IdTags?.Any(tag => tag.Length is 0 or > 20) == true)
            throw new ArgumentException("An idTag has 1 to 20 characters.");
    }
}
