namespace OcppCentral;

/// <summary>
/// The settings of docs/operations.md (Configuration). Bound from appsettings.json, then <c>CHARGEMONITOR_&lt;Key&gt;</c> environment
/// variables, then the command line (<c>--database</c>, <c>--admin-key</c>, …), last one wins.
/// </summary>
public sealed class ChargeMonitorOptions
{
    /// <summary>SQLite file; created with its schema on first start. Default <c>chargemonitor.db</c>.</summary>
    public string Database { get; set; } = "chargemonitor.db";

    /// <summary>Key required in header X-API-Key for every /api call. Default none: /api then answers loopback clients only.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Whether a charger that is not registered may connect (it is registered at its first BootNotification). Default true.</summary>
    public bool AcceptUnknownChargers { get; set; } = true;

    /// <summary>Whether an idTag that is not in the list is Accepted. Default true.</summary>
    public bool AcceptUnknownIdTags { get; set; } = true;

    /// <summary>Heartbeat interval in seconds given in BootNotification.conf. Default 300.</summary>
    public int HeartbeatInterval { get; set; } = 300;

    /// <summary>Whether /metrics is served and OpenTelemetry collects (docs/observability.md). Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Whether /metrics answers without the admin key (for a scraper inside a trusted network). Default false.</summary>
    public bool MetricsPublic { get; set; }

    /// <summary>The default of <see cref="MaxSamplesPerSession"/>.</summary>
    public const int DefaultMaxSamplesPerSession = 100_000;

    /// <summary>
    /// How many meter values one session may hold (docs/sessions-and-pricing.md); a message that would take it past is
    /// answered, kept as an orphan and not billed, and the session is flagged SampleLimitReached. Default 100,000.
    /// </summary>
    public int MaxSamplesPerSession { get; set; } = DefaultMaxSamplesPerSession;

    /// <summary>What is wrong with the settings, in one line, or null.</summary>
    public string? Problem() => MaxSamplesPerSession is < 1 or > 10_000_000
        ? "MaxSamplesPerSession (--max-samples-per-session) must be between 1 and 10000000"
        : null;

    /// <summary>Command-line switches of docs/operations.md and the keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--database"] = nameof(Database),
        ["--admin-key"] = nameof(AdminKey),
        ["--accept-unknown-chargers"] = nameof(AcceptUnknownChargers),
        ["--accept-unknown-idtags"] = nameof(AcceptUnknownIdTags),
        ["--heartbeat-interval"] = nameof(HeartbeatInterval),
        ["--max-samples-per-session"] = nameof(MaxSamplesPerSession),
        ["--metrics"] = nameof(Metrics),
        ["--metrics-public"] = nameof(MetricsPublic),
    };
}
