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

    /// <summary>Console log format: <c>text</c> (one readable line per entry) or <c>json</c> (JSON lines with scopes). Default text.</summary>
    public string LogFormat { get; set; } = LogFormats.Text;

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
    /// <summary>
    /// The server certificate for every https endpoint in <c>--urls</c> (wss:// for chargers, docs/tls.md): a PKCS#12 file
    /// (.pfx/.p12) or a PEM certificate, with its key in <see cref="TlsKey"/> or in the same file. Reloaded when the file
    /// changes. Default none: https endpoints then take the standard Kestrel certificate settings.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificate"/> when it is a separate file.</summary>
    public string? TlsKey { get; set; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key. Secret: prefer the environment (CHARGEMONITOR_TlsPassword).</summary>
    public string? TlsPassword { get; set; }

    /// <summary>
    /// PEM bundle of the CAs whose client certificates identify chargers (OCPP security profile 3). Default none: no
    /// client certificate is asked for.
    /// </summary>
    public string? TlsClientCa { get; set; }

    /// <summary>Whether chargers may connect without TLS (ws://). Default true; false refuses an upgrade that did not come over TLS with 403.</summary>
    public bool PlainWs { get; set; } = true;

    /// <summary>Command-line switches of docs/operations.md and the keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--database"] = nameof(Database),
        ["--admin-key"] = nameof(AdminKey),
        ["--accept-unknown-chargers"] = nameof(AcceptUnknownChargers),
        ["--accept-unknown-idtags"] = nameof(AcceptUnknownIdTags),
        ["--heartbeat-interval"] = nameof(HeartbeatInterval),
        ["--max-samples-per-session"] = nameof(MaxSamplesPerSession),
        ["--tls-certificate"] = nameof(TlsCertificate),
        ["--tls-key"] = nameof(TlsKey),
        ["--tls-password"] = nameof(TlsPassword),
        ["--tls-client-ca"] = nameof(TlsClientCa),
        ["--plain-ws"] = nameof(PlainWs),
        ["--log-format"] = nameof(LogFormat),
    };
}

/// <summary>The values of <see cref="ChargeMonitorOptions.LogFormat"/>.</summary>
public static class LogFormats
{
    public const string Text = "text";
    public const string Json = "json";
}
